package io.retailhub.ops.orders;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Startup;
import io.retailhub.api.orders.OrderStore;
import io.retailhub.api.orders.OrderStore.HubOrder;
import io.retailhub.connector.erp.ErpSalesOrderClient;
import io.retailhub.connector.erp.ErpSalesOrderClient.CreateResult;
import io.retailhub.connector.erp.ErpSalesOrderClient.ErpUnavailableException;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Order;
import io.retailhub.model.OrderStatus;
import io.retailhub.ops.deadletter.DeadLetterWriter;
import io.retailhub.ops.deadletter.FailureClassifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Orders accepted with 202 while the ERP was unreachable ({@code hub_order.status = PENDING_ERP}):
 * the gauge {@code hub_orders_pending_erp}, the WARN line per waiting order (hub order ID only, no
 * customer data) and the resubmission step of {@code routes/orders/order-pending-erp.camel.yaml}.
 */
@ApplicationScoped
@Startup
@Named("pendingErpOrders")
@Unremovable
public class PendingErpOrders {
  private static final Logger LOG = Logger.getLogger(PendingErpOrders.class);
  public static final String GAUGE = "hub.orders.pending.erp";

  /** Exchange property: the ERP was unreachable, the route rolls the JMS transaction back. */
  public static final String ERP_UNAVAILABLE = "erpUnavailable";

  /**
   * Exchange property: the ERP was still unreachable when the order had waited {@code
   * hub.orders.pending-erp.max-wait}; the route parks it with the dead-letter writer instead.
   */
  public static final String ERP_WAIT_SPENT = "erpWaitSpent";

  private final OrderStore store;
  private final ErpSalesOrderClient erp;
  private final Duration maxWait;
  private final CircuitBreaker breaker;

  public PendingErpOrders(
      OrderStore store,
      ErpSalesOrderClient erp,
      MeterRegistry registry,
      @ConfigProperty(name = "hub.orders.pending-erp.max-wait") Duration maxWait,
      @Named("erpCircuitBreaker") CircuitBreaker breaker) {
    this.store = store;
    this.erp = erp;
    this.maxWait = maxWait;
    this.breaker = breaker;
    Gauge.builder(GAUGE, this, PendingErpOrders::countOrMinusOne)
        .description("Orders accepted (202) that wait for their ERP sales order")
        .register(registry);
  }

  private double countOrMinusOne() {
    try {
      return store.countWaitingForErp();
    } catch (SQLException e) {
      // why: a scrape must not fail; -1 is visibly "unknown" on a dashboard
      return -1;
    }
  }

  /**
   * Creates the queued order in the ERP. The create is idempotent by PurchaseOrderByCustomer, so a
   * redelivery after an answer that was lost still leaves exactly one ERP order.
   */
  public void resubmit(Exchange exchange) throws SQLException {
    Order order = CanonicalJson.read(exchange.getMessage().getBody(String.class), Order.class);
    String correlationId = exchange.getMessage().getHeader("X-Correlation-ID", String.class);
    Optional<HubOrder> known = store.find(order.hubOrderId());
    if (known.isPresent() && !OrderStatus.PENDING_ERP.name().equals(known.get().status())) {
      LOG.infof(
          "order %s is already %s; nothing to resubmit", order.hubOrderId(), known.get().status());
      return;
    }
    try {
      CreateResult result;
      try {
        // the ERP's one breaker: while it is open the order is not sent, it waits on the queue
        result =
            breaker.executeSupplier(
                () -> erp.create(order, correlationId, "hub:order-pending-erp"));
      } catch (CallNotPermittedException open) {
        throw new ErpUnavailableException("ERP circuit breaker is open", open);
      }
      if (result.created()) {
        store.updateStatus(
            order.hubOrderId(), OrderStatus.CONFIRMED.name(), result.erpOrderNumber(), null);
        LOG.infof(
            "order %s created in the ERP as %s after waiting",
            order.hubOrderId(), result.erpOrderNumber());
      } else {
        store.updateStatus(order.hubOrderId(), "REJECTED", null, result.rejection());
        LOG.warnf(
            "order %s rejected by the ERP after waiting: %s",
            order.hubOrderId(), result.rejection());
      }
    } catch (ErpUnavailableException unavailable) {
      int delivery = deliveryCount(exchange);
      Duration waited = waitedOnQueue(exchange, Instant.now());
      if (waited.compareTo(maxWait) >= 0) {
        // the budget is spent: parked as a dead letter (ORDER_BLOCKING, replayable), never left
        // to the broker's own dead-letter address, which the ops API cannot see
        exchange.setProperty(ERP_WAIT_SPENT, true);
        exchange.setProperty(DeadLetterWriter.GIVEN_UP_FAILURE_PROPERTY, unavailable);
        exchange.setProperty(FailureClassifier.FAILED_ATTEMPTS_PROPERTY, delivery);
        LOG.warnf(
            "order %s waited %ss for the ERP (delivery %d), more than %s: dead-lettered",
            order.hubOrderId(), waited.toSeconds(), delivery, maxWait);
        return;
      }
      exchange.setProperty(ERP_UNAVAILABLE, true);
      LOG.warnf(
          "order %s still waits for the ERP (delivery %d, %ss): %s",
          order.hubOrderId(), delivery, waited.toSeconds(), unavailable.getMessage());
    }
  }

  /** How long this message has been on the queue: since it was sent (a replay starts afresh). */
  static Duration waitedOnQueue(Exchange exchange, Instant now) {
    Long sentAt = exchange.getMessage().getHeader("JMSTimestamp", Long.class);
    if (sentAt == null || sentAt <= 0) {
      return Duration.ZERO;
    }
    return Duration.between(Instant.ofEpochMilli(sentAt), now);
  }

  /** The broker's delivery count of the message in hand (1 on the first delivery). */
  static int deliveryCount(Exchange exchange) {
    Integer header = exchange.getMessage().getHeader("JMSXDeliveryCount", Integer.class);
    if (header != null) {
      return header;
    }
    if (exchange.getMessage() instanceof JmsMessage jms && jms.getJmsMessage() != null) {
      try {
        return jms.getJmsMessage().getIntProperty("JMSXDeliveryCount");
      } catch (jakarta.jms.JMSException unreadable) {
        return 1;
      }
    }
    return 1;
  }

  /** One WARN line per waiting order: what an alert rule matches on, without customer data. */
  public int logWaiting() throws SQLException {
    Instant now = Instant.now();
    var waiting = store.waitingForErp(500);
    for (HubOrder order : waiting) {
      LOG.warnf(
          "PENDING_ERP order %s waiting for %ss",
          order.hubOrderId(), Duration.between(order.createdAt(), now).toSeconds());
    }
    return waiting.size();
  }
}
