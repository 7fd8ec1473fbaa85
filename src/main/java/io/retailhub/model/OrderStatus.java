package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The life cycle of an order across all platforms. */
public enum OrderStatus implements WireCoded {
  DRAFT("draft"),
  PLACED("placed"),
  PENDING_ERP("pending_erp"),
  CONFIRMED("confirmed"),
  SHIPPED("shipped"),
  DELIVERED("delivered"),
  CANCELLED("cancelled");

  private final String wireCode;

  OrderStatus(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static OrderStatus fromWireCode(String code) {
    return WireCoded.parse(OrderStatus.class, code);
  }
}
