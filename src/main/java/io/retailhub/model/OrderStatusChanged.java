package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An order moved to {@code status}, as reported by {@code source}. {@code sourceSequence} is the
 * source's own change counter when it has one (the ERP's ChangeSequence), for stale-update checks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderStatusChanged(
    String hubOrderId,
    String erpOrderNumber,
    OrderStatus previousStatus,
    OrderStatus status,
    Platform source,
    Instant changedAt,
    Long sourceSequence) {
  public OrderStatusChanged {
    Violations violations =
        Violations.of(OrderStatusChanged.class)
            .notBlank("hubOrderId", hubOrderId)
            .required("status", status)
            .required("source", source)
            .required("changedAt", changedAt);
    if (sourceSequence != null) {
      violations.nonNegative("sourceSequence", sourceSequence);
    }
    violations.throwIfAny();
  }
}
