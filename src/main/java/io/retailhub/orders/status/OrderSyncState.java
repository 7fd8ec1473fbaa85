package io.retailhub.orders.status;

import io.retailhub.model.OrderStatusChanged;
import io.retailhub.model.ShipmentEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The {@code order_sync_state} table: per order and target platform, the status and the shipment
 * the hub last applied there, with the ERP's ChangeSequence / timestamps that decide whether a
 * later-arriving event is newer. The writes are guarded in SQL as well, so that even two hub pods
 * racing on one order never move a row backwards.
 */
@ApplicationScoped
public class OrderSyncState {

  /** What one target last got for one order; fields are null until the first write. */
  public record Applied(
      String status,
      Long statusSequence,
      Instant statusChangedAt,
      String shipmentId,
      Instant shippedAt,
      String carrier,
      String trackingNumber) {
    static final Applied NOTHING = new Applied(null, null, null, null, null, null, null);

    /**
     * A status change is newer when its ChangeSequence is higher (the ERP's counter per order);
     * without sequences on both sides, when its change time is later. Equal is not newer: it is the
     * same change again.
     */
    public boolean isOlderOrSame(OrderStatusChanged changed) {
      if (statusSequence != null && changed.sourceSequence() != null) {
        return changed.sourceSequence() <= statusSequence;
      }
      return statusChangedAt != null && !changed.changedAt().isAfter(statusChangedAt);
    }

    /** A shipment is stale when it was applied already or an earlier-shipped one replaced it. */
    public boolean isOlderOrSame(ShipmentEvent shipment) {
      if (shippedAt == null) {
        return false;
      }
      return shipment.shipmentId().equals(shipmentId) || shipment.shippedAt().isBefore(shippedAt);
    }
  }

  private final DataSource dataSource;

  OrderSyncState(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Applied read(String hubOrderId, String target) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT status, status_sequence, status_changed_at, shipment_id, shipped_at,"
                    + " carrier, tracking_number FROM order_sync_state"
                    + " WHERE hub_order_id = ? AND target = ?")) {
      select.setString(1, hubOrderId);
      select.setString(2, target);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Applied.NOTHING;
        }
        long sequence = row.getLong(2);
        return new Applied(
            row.getString(1),
            row.wasNull() ? null : sequence,
            instant(row.getTimestamp(3)),
            row.getString(4),
            instant(row.getTimestamp(5)),
            row.getString(6),
            row.getString(7));
      }
    }
  }

  /** True when the row now holds this status (false: a newer one got there first). */
  public boolean recordStatus(String target, OrderStatusChanged changed) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO order_sync_state AS applied (hub_order_id, target, status,"
                    + " status_sequence, status_changed_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (hub_order_id, target) DO UPDATE SET status = EXCLUDED.status,"
                    + " status_sequence = EXCLUDED.status_sequence,"
                    + " status_changed_at = EXCLUDED.status_changed_at, updated_at = now()"
                    + " WHERE applied.status_changed_at IS NULL"
                    + " OR (applied.status_sequence IS NOT NULL"
                    + " AND EXCLUDED.status_sequence IS NOT NULL"
                    + " AND applied.status_sequence < EXCLUDED.status_sequence)"
                    + " OR ((applied.status_sequence IS NULL OR EXCLUDED.status_sequence IS NULL)"
                    + " AND applied.status_changed_at < EXCLUDED.status_changed_at)")) {
      upsert.setString(1, changed.hubOrderId());
      upsert.setString(2, target);
      upsert.setString(3, changed.status().wireCode());
      if (changed.sourceSequence() == null) {
        upsert.setNull(4, Types.BIGINT);
      } else {
        upsert.setLong(4, changed.sourceSequence());
      }
      upsert.setTimestamp(5, Timestamp.from(changed.changedAt()));
      return upsert.executeUpdate() == 1;
    }
  }

  /** True when the row now holds this shipment. */
  public boolean recordShipment(String target, ShipmentEvent shipment) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO order_sync_state AS applied (hub_order_id, target, shipment_id,"
                    + " shipped_at, carrier, tracking_number) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (hub_order_id, target) DO UPDATE SET"
                    + " shipment_id = EXCLUDED.shipment_id, shipped_at = EXCLUDED.shipped_at,"
                    + " carrier = EXCLUDED.carrier, tracking_number = EXCLUDED.tracking_number,"
                    + " updated_at = now()"
                    + " WHERE applied.shipped_at IS NULL"
                    + " OR applied.shipped_at <= EXCLUDED.shipped_at")) {
      upsert.setString(1, shipment.hubOrderId());
      upsert.setString(2, target);
      upsert.setString(3, shipment.shipmentId());
      upsert.setTimestamp(4, Timestamp.from(shipment.shippedAt()));
      upsert.setString(5, shipment.carrier());
      upsert.setString(6, shipment.trackingNumber());
      return upsert.executeUpdate() == 1;
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
