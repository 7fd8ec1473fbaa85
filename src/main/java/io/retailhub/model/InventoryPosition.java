package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The stock of one SKU at one location (an SAP plant code such as WH01 or S001) at a point in time.
 * {@code available} is always {@code onHand - reserved}; it is carried anyway so that every
 * consumer reads the same number instead of recomputing it. {@code sourceSequence} grows strictly
 * per SKU and location at the source, so a consumer can drop a position older than the one it
 * holds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InventoryPosition(
    String sku,
    String location,
    Long onHand,
    Long reserved,
    Long available,
    Instant asOf,
    Long sourceSequence) {
  public InventoryPosition {
    Violations violations =
        Violations.of(InventoryPosition.class)
            .notBlank("sku", sku)
            .notBlank("location", location)
            .check(sku == null || !sku.contains(KEY_SEPARATOR), "sku", "must not contain '@'")
            .check(
                location == null || !location.contains(KEY_SEPARATOR),
                "location",
                "must not contain '@'")
            .required("onHand", onHand)
            .required("reserved", reserved)
            .required("available", available)
            .required("asOf", asOf)
            .required("sourceSequence", sourceSequence);
    if (onHand != null) {
      violations.nonNegative("onHand", onHand);
    }
    if (reserved != null) {
      violations.nonNegative("reserved", reserved);
    }
    if (sourceSequence != null) {
      violations.nonNegative("sourceSequence", sourceSequence);
    }
    if (onHand != null && reserved != null && available != null) {
      violations.check(
          available == onHand - reserved,
          "available",
          "must equal onHand - reserved (" + (onHand - reserved) + "), was " + available);
    }
    violations.throwIfAny();
  }

  public static final String KEY_SEPARATOR = "@";

  /** {@code SKU@LOCATION}, e.g. {@code SKU-0001@S001}: the entity key on every platform. */
  public String key() {
    return sku + KEY_SEPARATOR + location;
  }
}
