package io.retailhub.events;

import io.retailhub.model.Customer;
import io.retailhub.model.InventoryPosition;
import io.retailhub.model.Order;
import io.retailhub.model.OrderStatusChanged;
import io.retailhub.model.Refund;
import io.retailhub.model.ReturnRequest;
import io.retailhub.model.ServiceCase;
import io.retailhub.model.ShipmentEvent;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every event type the hub publishes, each defined once: its CloudEvents {@code type}, the
 * canonical record it carries, the JSON Schema of that record, and how the entity key (the
 * CloudEvents {@code subject} and the Kafka record key) is derived from the record. Keying by
 * entity keeps all events of one entity on one partition, in order.
 *
 * @param <T> the canonical record carried as {@code data}
 */
public final class RetailEventType<T> {
  public static final RetailEventType<InventoryPosition> INVENTORY_POSITION_CHANGED =
      new RetailEventType<>(
          "retail.inventory.position.changed.v1",
          InventoryPosition.class,
          "inventory-position",
          InventoryPosition::key);
  public static final RetailEventType<Order> ORDER_CREATED =
      new RetailEventType<>("retail.order.created.v1", Order.class, "order", Order::hubOrderId);
  public static final RetailEventType<OrderStatusChanged> ORDER_STATUS_CHANGED =
      new RetailEventType<>(
          "retail.order.status.changed.v1",
          OrderStatusChanged.class,
          "order-status-changed",
          OrderStatusChanged::hubOrderId);
  public static final RetailEventType<ShipmentEvent> SHIPMENT_CREATED =
      new RetailEventType<>(
          "retail.shipment.created.v1",
          ShipmentEvent.class,
          "shipment-event",
          ShipmentEvent::shipmentId);
  public static final RetailEventType<Customer> CUSTOMER_CHANGED =
      new RetailEventType<>(
          "retail.customer.changed.v1", Customer.class, "customer", Customer::goldenId);
  public static final RetailEventType<ReturnRequest> RETURN_REQUESTED =
      new RetailEventType<>(
          "retail.return.requested.v1",
          ReturnRequest.class,
          "return-request",
          ReturnRequest::returnId);
  public static final RetailEventType<Refund> REFUND_DECIDED =
      new RetailEventType<>("retail.refund.decided.v1", Refund.class, "refund", Refund::returnId);
  public static final RetailEventType<ServiceCase> SERVICE_CASE_CHANGED =
      new RetailEventType<>(
          "retail.servicecase.changed.v1",
          ServiceCase.class,
          "service-case",
          ServiceCase::ticketId);

  public static final List<RetailEventType<?>> ALL =
      List.of(
          INVENTORY_POSITION_CHANGED,
          ORDER_CREATED,
          ORDER_STATUS_CHANGED,
          SHIPMENT_CREATED,
          CUSTOMER_CHANGED,
          RETURN_REQUESTED,
          REFUND_DECIDED,
          SERVICE_CASE_CHANGED);

  private final String type;
  private final Class<T> dataType;
  private final String schemaName;
  private final Function<T, String> entityKey;

  private RetailEventType(
      String type, Class<T> dataType, String schemaName, Function<T, String> entityKey) {
    this.type = type;
    this.dataType = dataType;
    this.schemaName = schemaName;
    this.entityKey = entityKey;
  }

  public static Optional<RetailEventType<?>> byType(String type) {
    return ALL.stream().filter(candidate -> candidate.type.equals(type)).findFirst();
  }

  /** The CloudEvents {@code type} attribute, versioned by its {@code .vN} suffix. */
  public String type() {
    return type;
  }

  public Class<T> dataType() {
    return dataType;
  }

  /** The file stem of the data's schema, e.g. {@code inventory-position}. */
  public String schemaName() {
    return schemaName;
  }

  /** The data's JSON Schema {@code $id}, published as the CloudEvents {@code dataschema}. */
  public URI dataSchema() {
    return RetailEvents.schemaUri(schemaName);
  }

  /**
   * The {@code $id} of the schema that describes the whole event (the CloudEvents envelope with
   * {@code data} referencing {@link #dataSchema()}); its file stem is the event type itself.
   */
  public URI eventSchema() {
    return RetailEvents.schemaUri(type);
  }

  /** The entity key of a record: the CloudEvents {@code subject} and the Kafka record key. */
  public String entityKeyOf(T data) {
    return Objects.requireNonNull(entityKey.apply(data), "entity key");
  }

  @Override
  public String toString() {
    return type;
  }
}
