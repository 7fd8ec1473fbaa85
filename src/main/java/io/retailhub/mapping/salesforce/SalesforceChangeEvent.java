package io.retailhub.mapping.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One Change Data Capture event: its header and the field values it carries. An UPDATE carries only
 * the changed fields, so {@code fields} is partial by design.
 */
public record SalesforceChangeEvent(
    String entityName,
    SalesforceChangeType changeType,
    List<String> recordIds,
    List<String> changedFields,
    String transactionKey,
    Long sequenceNumber,
    Instant commitTimestamp,
    Long commitNumber,
    JsonNode fields) {
  public SalesforceChangeEvent {
    recordIds = List.copyOf(recordIds);
    changedFields = List.copyOf(changedFields);
  }

  /** True when the event alone cannot give the record's full state (gaps, partial updates). */
  public boolean needsRecordFetch() {
    return changeType.isGap() || changeType == SalesforceChangeType.UPDATE;
  }
}
