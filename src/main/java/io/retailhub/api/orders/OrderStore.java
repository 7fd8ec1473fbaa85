package io.retailhub.api.orders;

import io.agroal.api.AgroalDataSource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * PostgreSQL state of order submission: the {@code idempotency_key} table (claim first, answer
 * later) and the {@code hub_order} table (what the hub accepted and where it stands with the ERP).
 */
@ApplicationScoped
@Named("orderStore")
public class OrderStore {
  private static final Logger LOG = Logger.getLogger(OrderStore.class);

  /** The outcome of claiming an Idempotency-Key for one request. */
  public sealed interface Claim {}

  /** This request owns the key and must do the work. */
  public record Claimed() implements Claim {}

  /** The key already finished: answer what was answered then. */
  public record Replay(int status, String body) implements Claim {}

  /** The key was used for another request body. */
  public record BodyMismatch() implements Claim {}

  /** Another request with the key is still working and did not finish while we waited. */
  public record StillInProgress() implements Claim {}

  /** One row of {@code hub_order}. */
  public record HubOrder(
      String hubOrderId,
      String channel,
      String fulfilmentType,
      String marketplaceOrderRef,
      boolean customerNotifications,
      String status,
      String erpOrderNumber,
      String erpMessage,
      String correlationId,
      String orderJson,
      Instant createdAt,
      Instant updatedAt) {}

  private final AgroalDataSource dataSource;
  private final Duration inProgressWait;
  private final Duration retention;

  public OrderStore(
      AgroalDataSource dataSource,
      @ConfigProperty(name = "hub.orders.idempotency-in-progress-wait") Duration inProgressWait,
      @ConfigProperty(name = "hub.orders.idempotency-retention") Duration retention) {
    this.dataSource = dataSource;
    this.inProgressWait = inProgressWait;
    this.retention = retention;
  }

  /** The order a claim records as PLACED when it wins the key. */
  public record PlacedOrder(Order order, boolean customerNotifications, String correlationId) {}

  /**
   * Inserts the key and, only if this request won it, the order as PLACED: one statement, one round
   * trip, one commit (docs/decisions/0061). The primary key decides which of two concurrent
   * requests does the work; the loser polls for the winner's stored answer for at most {@code
   * hub.orders.idempotency-in-progress-wait}.
   */
  public Claim claim(String key, String requestHash, PlacedOrder placed) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "WITH claimed AS (INSERT INTO idempotency_key"
                    + " (idempotency_key, request_hash, state, hub_order_id)"
                    + " VALUES (?, ?, 'IN_PROGRESS', ?) ON CONFLICT (idempotency_key) DO NOTHING"
                    + " RETURNING idempotency_key)"
                    + " INSERT INTO hub_order (hub_order_id, idempotency_key, channel,"
                    + " fulfilment_type, marketplace_order_ref, customer_notifications, status,"
                    + " correlation_id, order_json)"
                    + " SELECT ?, idempotency_key, ?, ?, ?, ?, 'PLACED', ?, ? FROM claimed")) {
      Order order = placed.order();
      insert.setString(1, key);
      insert.setString(2, requestHash);
      insert.setString(3, order.hubOrderId());
      insert.setString(4, order.hubOrderId());
      insert.setString(5, order.channel().name());
      insert.setString(6, order.fulfilmentType().name());
      insert.setString(7, order.marketplaceOrderRef());
      insert.setBoolean(8, placed.customerNotifications());
      insert.setString(9, placed.correlationId());
      insert.setString(10, CanonicalJson.toJson(order));
      if (insert.executeUpdate() == 1) {
        return new Claimed();
      }
    }
    long deadline = System.nanoTime() + inProgressWait.toNanos();
    long pause = 20;
    while (true) {
      Optional<Claim> stored = storedAnswer(key, requestHash, placed);
      if (stored.isPresent()) {
        return stored.get();
      }
      if (System.nanoTime() > deadline) {
        return new StillInProgress();
      }
      try {
        // why: the winner holds no lock we could wait on; a short, growing poll is enough
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new StillInProgress();
      }
      pause = Math.min(pause * 2, 200);
    }
  }

  /** Empty while the owner still works; a released key (deleted row) is claimed again. */
  private Optional<Claim> storedAnswer(String key, String requestHash, PlacedOrder placed)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT request_hash, state, response_status, response_body FROM idempotency_key"
                    + " WHERE idempotency_key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.of(claim(key, requestHash, placed));
        }
        if (!row.getString("request_hash").equals(requestHash)) {
          return Optional.of(new BodyMismatch());
        }
        if ("COMPLETED".equals(row.getString("state"))) {
          return Optional.of(
              new Replay(row.getInt("response_status"), row.getString("response_body")));
        }
        return Optional.empty();
      }
    }
  }

  /** Stores the answer so that every retry with the key gets exactly this answer. */
  public void complete(String key, String hubOrderId, int status, String body) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE idempotency_key SET state = 'COMPLETED', hub_order_id = ?,"
                    + " response_status = ?, response_body = ?, completed_at = now()"
                    + " WHERE idempotency_key = ?")) {
      update.setString(1, hubOrderId);
      update.setInt(2, status);
      update.setString(3, body);
      update.setString(4, key);
      update.executeUpdate();
    }
  }

  /**
   * Records what the ERP decided and the answer for the key in one statement, so one round trip and
   * one commit instead of two, and never one without the other: an order CONFIRMED while its key
   * still says IN_PROGRESS would make retries wait and then 409 (docs/decisions/0061).
   */
  public void completeWithOrderStatus(
      String key,
      String hubOrderId,
      String status,
      String erpOrderNumber,
      String erpMessage,
      int responseStatus,
      String responseBody)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "WITH moved AS (UPDATE hub_order SET status = ?,"
                    + " erp_order_number = COALESCE(?, erp_order_number),"
                    + " erp_message = COALESCE(?, erp_message), updated_at = now()"
                    + " WHERE hub_order_id = ?)"
                    + " UPDATE idempotency_key SET state = 'COMPLETED', hub_order_id = ?,"
                    + " response_status = ?, response_body = ?, completed_at = now()"
                    + " WHERE idempotency_key = ?")) {
      update.setString(1, status);
      update.setString(2, erpOrderNumber);
      update.setString(3, erpMessage);
      update.setString(4, hubOrderId);
      update.setString(5, hubOrderId);
      update.setInt(6, responseStatus);
      update.setString(7, responseBody);
      update.setString(8, key);
      update.executeUpdate();
    }
  }

  /**
   * Forgets a claim whose request failed unexpectedly (answered 500), so the caller may retry with
   * the same key once the cause is gone. The PLACED row stays: the failure may have come after the
   * ERP create.
   */
  public void release(String key) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM idempotency_key WHERE idempotency_key = ? AND state = 'IN_PROGRESS'")) {
      delete.setString(1, key);
      delete.executeUpdate();
    }
  }

  /**
   * Forgets a claim and its PLACED order when the request turned out to create nothing (a short
   * line): the caller may retry the key once stock arrives, and no order row is left behind.
   */
  public void releaseWithPlacedOrder(String key, String hubOrderId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "WITH dropped AS (DELETE FROM hub_order WHERE hub_order_id = ?"
                    + " AND status = 'PLACED')"
                    + " DELETE FROM idempotency_key WHERE idempotency_key = ?"
                    + " AND state = 'IN_PROGRESS'")) {
      delete.setString(1, hubOrderId);
      delete.setString(2, key);
      delete.executeUpdate();
    }
  }

  /** Deletes keys older than the retention; called by the cleanup timer route. */
  public int purgeExpiredKeys() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM idempotency_key WHERE created_at < ?")) {
      delete.setTimestamp(1, Timestamp.from(Instant.now().minus(retention)));
      int purged = delete.executeUpdate();
      if (purged > 0) {
        LOG.infof("purged %d idempotency keys older than %s", purged, retention);
      }
      return purged;
    }
  }

  /** Moves an order to a new hub status; the ERP number and message are kept when null. */
  public void updateStatus(
      String hubOrderId, String status, String erpOrderNumber, String erpMessage)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE hub_order SET status = ?,"
                    + " erp_order_number = COALESCE(?, erp_order_number),"
                    + " erp_message = COALESCE(?, erp_message), updated_at = now()"
                    + " WHERE hub_order_id = ?")) {
      update.setString(1, status);
      update.setString(2, erpOrderNumber);
      update.setString(3, erpMessage);
      update.setString(4, hubOrderId);
      update.executeUpdate();
    }
  }

  public Optional<HubOrder> find(String hubOrderId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT * FROM hub_order WHERE hub_order_id = ?")) {
      select.setString(1, hubOrderId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(hubOrder(row)) : Optional.empty();
      }
    }
  }

  /** The hub order the ERP created as this sales order; deliveries name only the ERP number. */
  public Optional<HubOrder> findByErpOrderNumber(String erpOrderNumber) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT * FROM hub_order WHERE erp_order_number = ? ORDER BY created_at LIMIT 1")) {
      select.setString(1, erpOrderNumber);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(hubOrder(row)) : Optional.empty();
      }
    }
  }

  /** Orders waiting for the ERP, oldest first; for the pending-ERP watch. */
  public List<HubOrder> waitingForErp(int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT * FROM hub_order WHERE status = 'PENDING_ERP' ORDER BY created_at LIMIT ?")) {
      select.setInt(1, limit);
      List<HubOrder> orders = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          orders.add(hubOrder(row));
        }
      }
      return orders;
    }
  }

  public long countWaitingForErp() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM hub_order WHERE status = 'PENDING_ERP'");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private static HubOrder hubOrder(ResultSet row) throws SQLException {
    return new HubOrder(
        row.getString("hub_order_id"),
        row.getString("channel"),
        row.getString("fulfilment_type"),
        row.getString("marketplace_order_ref"),
        row.getBoolean("customer_notifications"),
        row.getString("status"),
        row.getString("erp_order_number"),
        row.getString("erp_message"),
        row.getString("correlation_id"),
        row.getString("order_json"),
        row.getTimestamp("created_at").toInstant(),
        row.getTimestamp("updated_at").toInstant());
  }
}
