package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A quantity of one SKU in a shipment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShipmentLine(String sku, Long quantity) {
  public ShipmentLine {
    Violations violations =
        Violations.of(ShipmentLine.class).notBlank("sku", sku).required("quantity", quantity);
    if (quantity != null) {
      violations.positive("quantity", quantity);
    }
    violations.throwIfAny();
  }
}
