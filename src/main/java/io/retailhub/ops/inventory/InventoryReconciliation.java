package io.retailhub.ops.inventory;

import io.agroal.api.AgroalDataSource;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailhub.connector.erp.SkuCatalog;
import io.retailhub.events.CanonicalEventFactory;
import io.retailhub.events.KafkaCloudEvents;
import io.retailhub.events.RetailEventType;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.InventoryPosition;
import io.retailhub.ops.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The beans of {@code inventory-reconciliation.camel.yaml}: a cluster-wide lock (a PostgreSQL
 * session advisory lock held on one pooled connection for the whole run, so only one pod reconciles
 * at a time), the drift check of one ERP position against the read model, and the tally that
 * becomes the report {@code {"checked":n,"drifted":m}}.
 *
 * <p>A correction keeps the ERP's ChangeSequence and carries the CloudEvents extension {@code
 * correction=true}: the read model then accepts it even when its own row has the same sequence
 * (that is exactly what drift looks like), but still never lets it replace a newer position.
 */
@ApplicationScoped
public class InventoryReconciliation {
  public static final String LOCKED = "reconciliationLocked";
  public static final String DRIFT = "inventoryDrift";
  public static final String CORRECTION_EXTENSION = "correction";
  public static final String ACTOR_PROPERTY = "HubActor";

  /** Any constant shared by every pod; the bytes of "INVRECON". */
  static final long LOCK_KEY = 0x494e565245434f4eL;

  private final AgroalDataSource dataSource;
  private final SkuCatalog skus;
  private final MeterRegistry meters;
  private final AuditLog audit;
  private final AtomicReference<Connection> lockHolder = new AtomicReference<>();

  public InventoryReconciliation(
      AgroalDataSource dataSource, SkuCatalog skus, MeterRegistry meters, AuditLog audit) {
    this.dataSource = dataSource;
    this.audit = audit;
    this.skus = skus;
    this.meters = meters;
  }

  @Produces
  @io.quarkus.arc.Unremovable
  @Named("inventoryReconciliationLock")
  Processor lock() {
    return exchange -> exchange.setProperty(LOCKED, tryLock());
  }

  @Produces
  @io.quarkus.arc.Unremovable
  @Named("inventoryReconciliationUnlock")
  Processor unlock() {
    return exchange -> {
      if (Boolean.TRUE.equals(exchange.getProperty(LOCKED, Boolean.class))) {
        unlockNow();
      }
    };
  }

  @Produces
  @io.quarkus.arc.Unremovable
  @Named("inventoryDriftCheck")
  Processor driftCheck() {
    return this::check;
  }

  @Produces
  @io.quarkus.arc.Unremovable
  @Named("inventoryReconciliationTally")
  AggregationStrategy tally() {
    return (oldExchange, newExchange) -> {
      Exchange result = oldExchange != null ? oldExchange : newExchange;
      @SuppressWarnings("unchecked")
      Map<String, Long> counts =
          oldExchange != null ? oldExchange.getMessage().getBody(Map.class) : new LinkedHashMap<>();
      if (oldExchange == null) {
        counts.put("checked", 0L);
        counts.put("drifted", 0L);
      }
      counts.merge("checked", 1L, Long::sum);
      if (Boolean.TRUE.equals(newExchange.getMessage().getHeader(DRIFT, Boolean.class))) {
        counts.merge("drifted", 1L, Long::sum);
      }
      result.getMessage().setBody(counts);
      return result;
    };
  }

  @Produces
  @io.quarkus.arc.Unremovable
  @Named("inventoryReconciliationReport")
  Processor report() {
    return exchange -> {
      Object body = exchange.getMessage().getBody();
      Map<String, Object> report = new LinkedHashMap<>();
      if (body instanceof Map<?, ?> counts) {
        report.put("checked", counts.get("checked"));
        report.put("drifted", counts.get("drifted"));
      } else {
        report.put("checked", 0L);
        report.put("drifted", 0L);
      }
      meters
          .counter("hub.inventory.reconciliation.drifted")
          .increment(((Number) report.get("drifted")).doubleValue());
      exchange.getMessage().setBody(CanonicalJson.toJson(report));
    };
  }

  /**
   * The audit record of an operator's {@code POST /ops/v1/inventory/reconciliation}: the operator
   * (exchange property {@value #ACTOR_PROPERTY}, taken from the HTTP edge's actor header before the
   * route drops the request headers), ran with the report's counts, or refused while another run
   * held the lock.
   */
  @Produces
  @io.quarkus.arc.Unremovable
  @Named("inventoryReconciliationAudit")
  Processor auditTrigger() {
    return exchange -> {
      boolean ran = Boolean.TRUE.equals(exchange.getProperty(LOCKED, Boolean.class));
      String actor = exchange.getProperty(ACTOR_PROPERTY, String.class);
      audit.record(
          actor == null ? "unknown" : actor,
          "inventory.reconciliation.run",
          "inventory",
          "inventory-reconciliation",
          ran ? "ok" : "refused-running",
          exchange.getMessage().getHeader("X-Correlation-ID", String.class),
          ran ? exchange.getMessage().getBody(String.class) : "another run holds the lock");
    };
  }

  synchronized boolean tryLock() throws SQLException {
    if (lockHolder.get() != null) {
      return false;
    }
    Connection connection = dataSource.getConnection();
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      try (ResultSet result = lock.executeQuery()) {
        if (result.next() && result.getBoolean(1)) {
          lockHolder.set(connection);
          return true;
        }
      }
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    connection.close();
    return false;
  }

  synchronized void unlockNow() throws SQLException {
    Connection connection = lockHolder.getAndSet(null);
    if (connection == null) {
      return;
    }
    try (connection;
        PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      unlock.setLong(1, LOCK_KEY);
      unlock.execute();
    }
  }

  /**
   * Compares one ERP position with the read model. Drift = no row, or a row not newer than the ERP
   * whose quantities differ. A drifted position becomes the correction event (Kafka binary mode); a
   * matching row has its confirmation time refreshed.
   */
  void check(Exchange exchange) throws SQLException {
    Message message = exchange.getMessage();
    InventoryPosition erp = message.getBody(InventoryPosition.class);
    skus.remember(erp.sku(), "erp-stock");
    boolean drift;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT on_hand, reserved, available, source_sequence FROM inventory_position"
                    + " WHERE sku = ? AND location = ?")) {
      query.setString(1, erp.sku());
      query.setString(2, erp.location());
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          drift = true;
        } else if (row.getLong(4) > erp.sourceSequence()) {
          drift = false; // the read model already holds a newer change than this read
        } else {
          drift =
              row.getLong(1) != erp.onHand()
                  || row.getLong(2) != erp.reserved()
                  || row.getLong(3) != erp.available()
                  || row.getLong(4) != erp.sourceSequence();
        }
      }
      if (!drift) {
        try (PreparedStatement confirm =
            connection.prepareStatement(
                "UPDATE inventory_position SET confirmed_at = now()"
                    + " WHERE sku = ? AND location = ? AND source_sequence = ?")) {
          confirm.setString(1, erp.sku());
          confirm.setString(2, erp.location());
          confirm.setLong(3, erp.sourceSequence());
          confirm.executeUpdate();
        }
      }
    }
    message.removeHeaders("*");
    message.setHeader(DRIFT, drift);
    if (drift) {
      CloudEvent correction =
          CloudEventBuilder.v1(
                  CanonicalEventFactory.systemDefault()
                      .create(RetailEventType.INVENTORY_POSITION_CHANGED, erp))
              .withExtension(CORRECTION_EXTENSION, "true")
              .build();
      KafkaCloudEvents.headersOf(correction).forEach(message::setHeader);
      message.setHeader("kafka.KEY", erp.key());
      message.setBody(new String(correction.getData().toBytes(), StandardCharsets.UTF_8));
    }
  }
}
