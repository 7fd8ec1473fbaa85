package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One returned SKU. {@code condition} and {@code disposition} stay null until the item has been
 * inspected.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReturnLine(
    String sku,
    Long quantity,
    ReturnReason reason,
    ItemCondition condition,
    Disposition disposition) {
  public ReturnLine {
    Violations violations =
        Violations.of(ReturnLine.class)
            .notBlank("sku", sku)
            .required("quantity", quantity)
            .required("reason", reason);
    if (quantity != null) {
      violations.positive("quantity", quantity);
    }
    violations.throwIfAny();
  }
}
