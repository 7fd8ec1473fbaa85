package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A system the hub connects; keys of every {@code platformIds} map. */
public enum Platform implements WireCoded {
  SALESFORCE("salesforce"),
  ERP("erp"),
  SERVICEDESK("servicedesk");

  private final String wireCode;

  Platform(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static Platform fromWireCode(String code) {
    return WireCoded.parse(Platform.class, code);
  }
}
