package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The life cycle of a return request. */
public enum ReturnStatus implements WireCoded {
  REQUESTED("requested"),
  RECEIVED("received"),
  INSPECTED("inspected"),
  CLOSED("closed"),
  REJECTED("rejected");

  private final String wireCode;

  ReturnStatus(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static ReturnStatus fromWireCode(String code) {
    return WireCoded.parse(ReturnStatus.class, code);
  }
}
