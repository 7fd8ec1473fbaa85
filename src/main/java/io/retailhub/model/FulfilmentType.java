package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How an order reaches the customer. */
public enum FulfilmentType implements WireCoded {
  SHIP_TO_HOME("ship_to_home"),
  PICKUP_IN_STORE("pickup_in_store"),
  MARKETPLACE("marketplace");

  private final String wireCode;

  FulfilmentType(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static FulfilmentType fromWireCode(String code) {
    return WireCoded.parse(FulfilmentType.class, code);
  }
}
