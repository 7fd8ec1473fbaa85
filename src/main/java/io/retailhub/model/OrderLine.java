package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of an order; {@code lineTotal} is after line discounts, so it may be below price x
 * quantity.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderLine(
    Integer lineNumber, String sku, Long quantity, Money unitPrice, Money lineTotal) {
  public OrderLine {
    Violations violations =
        Violations.of(OrderLine.class)
            .required("lineNumber", lineNumber)
            .notBlank("sku", sku)
            .required("quantity", quantity)
            .required("unitPrice", unitPrice)
            .required("lineTotal", lineTotal)
            .nonNegative("unitPrice", unitPrice)
            .nonNegative("lineTotal", lineTotal);
    if (lineNumber != null) {
      violations.positive("lineNumber", lineNumber);
    }
    if (quantity != null) {
      violations.positive("quantity", quantity);
    }
    if (unitPrice != null && lineTotal != null) {
      violations.check(
          unitPrice.sameCurrencyAs(lineTotal),
          "lineTotal.currency",
          "must equal unitPrice.currency");
    }
    violations.throwIfAny();
  }
}
