package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How urgent a service case is. */
public enum CasePriority implements WireCoded {
  LOW("low"),
  NORMAL("normal"),
  HIGH("high"),
  URGENT("urgent");

  private final String wireCode;

  CasePriority(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static CasePriority fromWireCode(String code) {
    return WireCoded.parse(CasePriority.class, code);
  }
}
