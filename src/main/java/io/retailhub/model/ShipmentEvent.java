package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Goods left a shipping point for an order. The ERP knows only its own order number; {@code
 * hubOrderId} is filled in by the flow that looks it up, so it is optional here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShipmentEvent(
    String shipmentId,
    String erpOrderNumber,
    String hubOrderId,
    String carrier,
    String trackingNumber,
    String shippingPoint,
    List<ShipmentLine> lines,
    Instant shippedAt) {
  public ShipmentEvent {
    Violations violations =
        Violations.of(ShipmentEvent.class)
            .notBlank("shipmentId", shipmentId)
            .notBlank("erpOrderNumber", erpOrderNumber)
            .required("lines", lines)
            .nested("lines", lines)
            .required("shippedAt", shippedAt);
    if (lines != null) {
      violations.check(!lines.isEmpty(), "lines", "must not be empty");
    }
    violations.throwIfAny();
    lines = List.copyOf(lines);
  }

  public ShipmentEvent withHubOrderId(String resolvedHubOrderId) {
    return new ShipmentEvent(
        shipmentId,
        erpOrderNumber,
        resolvedHubOrderId,
        carrier,
        trackingNumber,
        shippingPoint,
        lines,
        shippedAt);
  }
}
