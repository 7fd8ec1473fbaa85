package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The life cycle of a service case (the service desk's ticket statuses). */
public enum CaseStatus implements WireCoded {
  NEW("new"),
  OPEN("open"),
  PENDING("pending"),
  ON_HOLD("on_hold"),
  SOLVED("solved"),
  CLOSED("closed");

  private final String wireCode;

  CaseStatus(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static CaseStatus fromWireCode(String code) {
    return WireCoded.parse(CaseStatus.class, code);
  }
}
