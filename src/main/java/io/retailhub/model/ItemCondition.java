package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The state of a returned item as inspected. */
public enum ItemCondition implements WireCoded {
  NEW("new"),
  OPENED("opened"),
  USED("used"),
  DAMAGED("damaged");

  private final String wireCode;

  ItemCondition(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static ItemCondition fromWireCode(String code) {
    return WireCoded.parse(ItemCondition.class, code);
  }
}
