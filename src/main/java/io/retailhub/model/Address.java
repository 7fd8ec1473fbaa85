package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A postal address; {@code countryCode} is ISO 3166-1 alpha-2. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Address(
    AddressType type,
    String line1,
    String line2,
    String city,
    String postalCode,
    String region,
    String countryCode) {
  public Address {
    Violations.of(Address.class)
        .required("type", type)
        .notBlank("line1", line1)
        .notBlank("city", city)
        .notBlank("countryCode", countryCode)
        .country("countryCode", countryCode)
        .throwIfAny();
  }
}
