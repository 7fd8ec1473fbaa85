package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where an order was placed. */
public enum Channel implements WireCoded {
  WEB("web"),
  APP("app"),
  STORE("store"),
  CALL_CENTER("call_center"),
  MARKETPLACE("marketplace");

  private final String wireCode;

  Channel(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static Channel fromWireCode(String code) {
    return WireCoded.parse(Channel.class, code);
  }
}
