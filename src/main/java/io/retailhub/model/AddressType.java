package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an address is used for. */
public enum AddressType implements WireCoded {
  BILLING("billing"),
  SHIPPING("shipping");

  private final String wireCode;

  AddressType(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static AddressType fromWireCode(String code) {
    return WireCoded.parse(AddressType.class, code);
  }
}
