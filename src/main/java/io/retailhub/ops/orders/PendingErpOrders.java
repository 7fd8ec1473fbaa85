package io.retailhub.ops.orders;

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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
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

  private final OrderStore store;
  private final ErpSalesOrderClient erp;

  public PendingErpOrders(OrderStore store, ErpSalesOrderClient erp, MeterRegistry registry) {
    this.store = store;
    this.erp = erp;
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
      CreateResult result = erp.create(order, correlationId, "hub:order-pending-erp");
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
      exchange.setProperty(ERP_UNAVAILABLE, true);
      LOG.warnf(
          "order %s still waits for the ERP (delivery %s): %s",
          order.hubOrderId(),
          exchange.getMessage().getHeader("JMSXDeliveryCount"),
          unavailable.getMessage());
    }
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
