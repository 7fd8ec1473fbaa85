package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why the customer sends an item back. */
public enum ReturnReason implements WireCoded {
  DAMAGED("damaged"),
  WRONG_ITEM("wrong_item"),
  NOT_AS_DESCRIBED("not_as_described"),
  SIZE_OR_FIT("size_or_fit"),
  CHANGED_MIND("changed_mind"),
  LATE_DELIVERY("late_delivery");

  private final String wireCode;

  ReturnReason(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static ReturnReason fromWireCode(String code) {
    return WireCoded.parse(ReturnReason.class, code);
  }
}
