package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The price of one unit of a SKU in one price list, valid in a half-open time window. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Price(
    String sku, PriceType type, Money unitPrice, Instant validFrom, Instant validTo) {
  public Price {
    Violations.of(Price.class)
        .notBlank("sku", sku)
        .required("type", type)
        .required("unitPrice", unitPrice)
        .nonNegative("unitPrice", unitPrice)
        .check(
            validFrom == null || validTo == null || validTo.isAfter(validFrom),
            "validTo",
            "must be after validFrom")
        .throwIfAny();
  }
}
