package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of a refund review. */
public enum RefundDecision implements WireCoded {
  APPROVED("approved"),
  PARTIALLY_APPROVED("partially_approved"),
  REJECTED("rejected");

  private final String wireCode;

  RefundDecision(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static RefundDecision fromWireCode(String code) {
    return WireCoded.parse(RefundDecision.class, code);
  }
}
