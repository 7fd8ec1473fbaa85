package io.retailhub.orders.status;

import io.cloudevents.CloudEvent;
import io.retailhub.api.orders.OrderStore;
import io.retailhub.api.orders.OrderStore.HubOrder;
import io.retailhub.events.CanonicalEventFactory;
import io.retailhub.events.KafkaCloudEvents;
import io.retailhub.events.RetailEventType;
import io.retailhub.events.RetailEvents;
import io.retailhub.mapping.erp.ErpBusinessEventMapper;
import io.retailhub.model.OrderStatusChanged;
import io.retailhub.model.ShipmentEvent;
import io.retailhub.ops.deadletter.BusinessRuleViolation;
import io.retailhub.ops.tracing.CorrelationPropagation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * ERP {@code SalesOrder.Changed} and {@code OutboundDelivery.Created} events (forwarded untouched
 * by the ERP webhook to {@code retail.erp.events.v1}) to the canonical {@code OrderStatusChanged}
 * and {@code ShipmentEvent} CloudEvents, in Kafka binary mode, with the hub order ID as the record
 * key so that all progress of one order stays on one partition of each topic.
 *
 * <p>A sales order names its hub order in {@code PurchaseOrderByCustomer}; a delivery names only
 * the ERP sales order, whose hub order is looked up in {@code hub_order}. The order's own
 * correlation ID (the one of its submission) replaces the webhook's, so one ID follows the order
 * from the API call to every write its status causes. The canonical event ID is derived from the
 * ERP event ID: a re-publication after a crash carries the same ID.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("orderEventIntake")
public class OrderEventIntake implements org.apache.camel.Processor {
  /** Exchange property: {@code STATUS} or {@code SHIPMENT}, which topic the event goes to. */
  public static final String KIND = "orderEventKind";

  private final OrderStore orders;

  public OrderEventIntake(OrderStore orders) {
    this.orders = orders;
  }

  @Override
  public void process(Exchange exchange) throws SQLException {
    Message message = exchange.getMessage();
    String body = message.getBody(String.class);
    CloudEvent erpEvent =
        ErpBusinessEventMapper.parse(
            body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    String correlationId = message.getHeader(RetailEvents.CORRELATION_ID_HEADER, String.class);
    CloudEvent canonical;
    String hubOrderId;
    if (ErpBusinessEventMapper.SALES_ORDER_CHANGED.equals(erpEvent.getType())) {
      OrderStatusChanged changed = ErpBusinessEventMapper.orderStatusChangedOf(erpEvent);
      hubOrderId = changed.hubOrderId();
      correlationId = orderCorrelation(orders.find(hubOrderId)).orElse(correlationId);
      canonical =
          factory(erpEvent).create(RetailEventType.ORDER_STATUS_CHANGED, changed, correlationId);
      exchange.setProperty(KIND, "STATUS");
    } else if (ErpBusinessEventMapper.OUTBOUND_DELIVERY_CREATED.equals(erpEvent.getType())) {
      ShipmentEvent shipment = ErpBusinessEventMapper.shipmentOf(erpEvent);
      Optional<HubOrder> order = orders.findByErpOrderNumber(shipment.erpOrderNumber());
      if (order.isEmpty()) {
        // replayable once the order is known (e.g. created outside the hub and registered later)
        throw new BusinessRuleViolation(
            "unknown-order",
            "delivery "
                + shipment.shipmentId()
                + " is for ERP sales order "
                + shipment.erpOrderNumber()
                + ", which no hub order has");
      }
      hubOrderId = order.get().hubOrderId();
      correlationId = orderCorrelation(order).orElse(correlationId);
      canonical =
          factory(erpEvent)
              .create(
                  RetailEventType.SHIPMENT_CREATED,
                  shipment.withHubOrderId(hubOrderId),
                  correlationId);
      exchange.setProperty(KIND, "SHIPMENT");
    } else {
      throw new BusinessRuleViolation(
          "not-order-progress", "ERP event type " + erpEvent.getType() + " is not order progress");
    }
    message.removeHeaders("ce_*");
    message.removeHeaders("kafka.*");
    KafkaCloudEvents.headersOf(canonical).forEach(message::setHeader);
    // the shipment's subject is its delivery number; the record key is still the order, so that
    // ordering holds per order
    message.setHeader("kafka.KEY", hubOrderId);
    if (correlationId != null) {
      message.setHeader(RetailEvents.CORRELATION_ID_HEADER, correlationId);
      exchange.setProperty(CorrelationPropagation.CORRELATION_PROPERTY, correlationId);
    }
    message.setBody(new String(canonical.getData().toBytes(), StandardCharsets.UTF_8));
  }

  private static Optional<String> orderCorrelation(Optional<HubOrder> order) {
    return order.map(HubOrder::correlationId).filter(id -> !id.isBlank());
  }

  private static CanonicalEventFactory factory(CloudEvent erpEvent) {
    String canonicalId =
        UUID.nameUUIDFromBytes(("erp-order:" + erpEvent.getId()).getBytes(StandardCharsets.UTF_8))
            .toString();
    return new CanonicalEventFactory(Clock.systemUTC(), () -> canonicalId);
  }
}
