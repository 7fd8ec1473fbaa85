package io.retailhub.connector.salesforce;

import io.retailhub.model.InventoryPosition;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A read-model position that Salesforce has not confirmed yet, with the revision of its row in
 * {@code inventory_salesforce_pending}: the sync deletes that row only if the revision is still
 * this one after Salesforce accepted the position.
 */
public record PendingPosition(InventoryPosition position, long revision) {

  /** A row of the sync's pending query (column names as in the read model). */
  public static PendingPosition fromRow(Map<String, Object> row) {
    return new PendingPosition(
        new InventoryPosition(
            (String) row.get("sku"),
            (String) row.get("location"),
            number(row, "on_hand"),
            number(row, "reserved"),
            number(row, "available"),
            instant(row.get("as_of")),
            number(row, "source_sequence")),
        number(row, "revision"));
  }

  public String key() {
    return position.key();
  }

  /**
   * The one to keep when the same key appears twice in a batch: the higher source sequence, and for
   * equal sequences (a reconciliation correction) the later revision.
   */
  public static PendingPosition newer(PendingPosition held, PendingPosition incoming) {
    int bySequence =
        Long.compare(incoming.position.sourceSequence(), held.position.sourceSequence());
    if (bySequence != 0) {
      return bySequence > 0 ? incoming : held;
    }
    return incoming.revision > held.revision ? incoming : held;
  }

  private static Long number(Map<String, Object> row, String column) {
    Object value = row.get(column);
    return value == null ? null : ((Number) value).longValue();
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    return value == null ? null : Instant.parse(value.toString());
  }
}
