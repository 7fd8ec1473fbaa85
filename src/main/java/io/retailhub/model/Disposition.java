package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happens to a returned item after inspection. */
public enum Disposition implements WireCoded {
  RESTOCK("restock"),
  REFURBISH("refurbish"),
  RETURN_TO_VENDOR("return_to_vendor"),
  SCRAP("scrap");

  private final String wireCode;

  Disposition(String wireCode) {
    this.wireCode = wireCode;
  }

  @JsonValue
  @Override
  public String wireCode() {
    return wireCode;
  }

  @JsonCreator
  public static Disposition fromWireCode(String code) {
    return WireCoded.parse(Disposition.class, code);
  }
}
