package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which price list a price belongs to. */
public enum PriceType implements WireCoded {
  LIST("list"),
  SALE("sale");

  private final String wireCode;

  PriceType(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static PriceType fromWireCode(String code) {
    return WireCoded.parse(PriceType.class, code);
  }
}
