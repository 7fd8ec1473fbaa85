package io.retailhub.connector.postgres;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.InventoryPosition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The inventory read model's writer: upserts canonical InventoryPosition events into {@code
 * inventory_position}, guarded by {@code source_sequence} so that an older event never overwrites a
 * newer position (a reconciliation correction, header {@code ce_correction=true}, may also replace
 * an equal sequence). Applied and stale (out-of-order or duplicate) events are counted in {@code
 * hub_inventory_events_total{outcome}}.
 *
 * <p>{@link #applyBatch} writes one Kafka poll in one JDBC batch and one transaction: one round
 * trip and one commit for up to {@code max-poll-records} events instead of one of each per event.
 * When anything in it fails, nothing of it is kept, and the flow hands the records one by one to
 * {@link #applyOne} under its error policy, so that only a poison record is dead-lettered.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("inventoryReadModel")
public class InventoryReadModelWriter {
  private static final String UPSERT =
      """
      INSERT INTO inventory_position
        (sku, location, on_hand, reserved, available, as_of, source_sequence, confirmed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, now())
      ON CONFLICT (sku, location) DO UPDATE SET on_hand = EXCLUDED.on_hand,
        reserved = EXCLUDED.reserved, available = EXCLUDED.available, as_of = EXCLUDED.as_of,
        source_sequence = EXCLUDED.source_sequence, confirmed_at = now()
      WHERE inventory_position.source_sequence < EXCLUDED.source_sequence
        OR (? AND inventory_position.source_sequence <= EXCLUDED.source_sequence)
      """;

  private final AgroalDataSource dataSource;
  private final Counter applied;
  private final Counter stale;

  public InventoryReadModelWriter(AgroalDataSource dataSource, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.applied = meters.counter("hub.inventory.events", "outcome", "applied");
    this.stale = meters.counter("hub.inventory.events", "outcome", "stale");
  }

  /** The records of one Kafka poll (the body of a batching consumer's exchange). */
  public void applyBatch(List<Exchange> records) throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
        for (Exchange record : records) {
          bind(upsert, record.getMessage());
          upsert.addBatch();
        }
        int[] counts = upsert.executeBatch();
        connection.commit();
        for (int count : counts) {
          (count == 0 ? stale : applied).increment();
        }
      } catch (SQLException | RuntimeException failure) {
        connection.rollback();
        throw failure;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  /** The messages of a poll, for the one-by-one path. */
  public List<Message> messagesOf(List<Exchange> records) {
    return records.stream().map(Exchange::getMessage).toList();
  }

  public void applyOne(Message record) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      bind(upsert, record);
      (upsert.executeUpdate() > 0 ? applied : stale).increment();
    }
  }

  private static void bind(PreparedStatement upsert, Message record) throws SQLException {
    InventoryPosition position =
        CanonicalJson.read(record.getBody(String.class), InventoryPosition.class);
    upsert.setString(1, position.sku());
    upsert.setString(2, position.location());
    upsert.setLong(3, position.onHand());
    upsert.setLong(4, position.reserved());
    upsert.setLong(5, position.available());
    upsert.setObject(6, OffsetDateTime.ofInstant(position.asOf(), ZoneOffset.UTC));
    upsert.setLong(7, position.sourceSequence());
    upsert.setBoolean(8, "true".equals(record.getHeader("ce_correction", String.class)));
  }
}
