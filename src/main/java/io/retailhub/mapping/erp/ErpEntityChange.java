package io.retailhub.mapping.erp;

import java.time.Instant;
import java.util.List;

/**
 * A "this ERP entity changed" notice (customer returns, business partners): the event carries keys
 * and changed field names only, so the flow reads the entity itself before mapping it.
 */
public record ErpEntityChange(
    String eventType, String entityKey, List<String> changedFields, Instant changedAt) {
  public ErpEntityChange {
    changedFields = List.copyOf(changedFields);
  }
}
