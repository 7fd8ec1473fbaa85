package io.retailhub.orders.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailhub.api.orders.OrderStore;
import io.retailhub.api.orders.OrderStore.HubOrder;
import io.retailhub.events.CanonicalEventReader;
import io.retailhub.events.KafkaCloudEvents;
import io.retailhub.events.RetailEventType;
import io.retailhub.events.RetailEvents;
import io.retailhub.mapping.salesforce.SalesforceOrderMapper;
import io.retailhub.mapping.servicedesk.ZendeskTicketMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.OrderStatusChanged;
import io.retailhub.model.ShipmentEvent;
import io.retailhub.ops.audit.AuditLog;
import io.retailhub.ops.deadletter.BusinessRuleViolation;
import io.retailhub.ops.metrics.FlowLatency;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The steps of the two consumers of canonical order progress ({@code retail.order.status.v1},
 * {@code retail.shipment.v1}): the Salesforce writer ({@code order-status-salesforce}) and the
 * service-desk writer ({@code order-status-servicedesk}). Each admits an event only when it is
 * newer than what that target last got for the order ({@link OrderSyncState}); an older one is
 * counted in {@code hub_order_events_stale_total{target,kind}} and dropped. Each platform write is
 * audited with the order's correlation ID, and the applied state is recorded only after the writes,
 * so a failed write that is dead-lettered and replayed is not mistaken for an old event.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("orderStatusPropagation")
public class OrderStatusPropagation {
  public static final String SALESFORCE = "salesforce";
  public static final String SERVICEDESK = "servicedesk";

  /** Exchange property: the admitted {@link OrderProgress}. */
  public static final String PROGRESS = "HubOrderProgress";

  /** Exchange property: the canonical event's time, where the flow's latency clock starts. */
  public static final String EVENT_TIME = "HubOrderEventTime";

  /**
   * The business flows the Salesforce write completes, named as the SLA alerts name them
   * (k8s/base/prometheusrule.yaml): a status change is a status update, a shipment a shipment
   * update.
   */
  public static final String STATUS_FLOW = "order-status";

  public static final String SHIPMENT_FLOW = "shipment-update";

  /** Exchange property: {@code APPLY} or {@code STALE}. */
  public static final String OUTCOME = "HubOrderProgressOutcome";

  /** Exchange property: the Salesforce Account to set when the upsert may create the Order. */
  public static final String ACCOUNT_ID = "HubSalesforceAccountId";

  private static final String LOOKUP = "HubSalesforceLookup";

  private static final Logger LOG = Logger.getLogger(OrderStatusPropagation.class);
  private static final String ACTOR = "hub:order-status";

  /** One admitted event: a status change or a shipment of one hub order, and the target's state. */
  public record OrderProgress(
      String hubOrderId,
      String erpOrderNumber,
      OrderStatusChanged statusChange,
      ShipmentEvent shipment,
      OrderSyncState.Applied applied,
      Optional<HubOrder> hubOrder) {
    String kind() {
      return statusChange != null ? "status" : "shipment";
    }

    /** The tracking number to show: this shipment's, else the last one the target got. */
    String trackingNumber() {
      return shipment != null ? shipment.trackingNumber() : applied.trackingNumber();
    }

    String carrier() {
      return shipment != null ? shipment.carrier() : applied.carrier();
    }
  }

  private final OrderSyncState state;
  private final OrderStore orders;
  private final AuditLog audit;
  private final MeterRegistry registry;
  private final FlowLatency latency;
  private final String serviceDeskAuthorization;
  private final Map<String, Counter> staleCounters = new ConcurrentHashMap<>();

  public OrderStatusPropagation(
      OrderSyncState state,
      OrderStore orders,
      AuditLog audit,
      MeterRegistry registry,
      FlowLatency latency,
      @ConfigProperty(name = "hub.servicedesk.user") String serviceDeskUser,
      @ConfigProperty(name = "hub.servicedesk.api-token", defaultValue = "") String apiToken) {
    this.state = state;
    this.orders = orders;
    this.audit = audit;
    this.registry = registry;
    this.latency = latency;
    this.serviceDeskAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (serviceDeskUser + "/token:" + apiToken).getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ admission (both writers)

  public void admitForSalesforce(Exchange exchange) throws SQLException {
    admit(exchange, SALESFORCE);
  }

  public void admitForServiceDesk(Exchange exchange) throws SQLException {
    admit(exchange, SERVICEDESK);
  }

  private void admit(Exchange exchange, String target) throws SQLException {
    Message message = exchange.getMessage();
    byte[] value = message.getBody(byte[].class);
    CloudEvent event = KafkaCloudEvents.fromHeaders(message.getHeaders(), value);
    OrderStatusChanged statusChange = null;
    ShipmentEvent shipment = null;
    String hubOrderId;
    String erpOrderNumber;
    if (RetailEventType.ORDER_STATUS_CHANGED.type().equals(event.getType())) {
      statusChange = CanonicalEventReader.read(event, RetailEventType.ORDER_STATUS_CHANGED);
      hubOrderId = statusChange.hubOrderId();
      erpOrderNumber = statusChange.erpOrderNumber();
    } else if (RetailEventType.SHIPMENT_CREATED.type().equals(event.getType())) {
      shipment = CanonicalEventReader.read(event, RetailEventType.SHIPMENT_CREATED);
      if (shipment.hubOrderId() == null) {
        throw new BusinessRuleViolation(
            "shipment-without-order", "shipment " + shipment.shipmentId() + " names no hub order");
      }
      hubOrderId = shipment.hubOrderId();
      erpOrderNumber = shipment.erpOrderNumber();
    } else {
      throw new BusinessRuleViolation(
          "not-order-progress", "event type " + event.getType() + " is not order progress");
    }
    OrderSyncState.Applied applied = state.read(hubOrderId, target);
    // the hub's order record is needed only for the first write (creation fields in Salesforce)
    Optional<HubOrder> hubOrder =
        applied == OrderSyncState.Applied.NOTHING ? orders.find(hubOrderId) : Optional.empty();
    OrderProgress progress =
        new OrderProgress(hubOrderId, erpOrderNumber, statusChange, shipment, applied, hubOrder);
    exchange.setProperty(PROGRESS, progress);
    exchange.setProperty(
        EVENT_TIME,
        event.getTime() != null
            ? event.getTime().toInstant()
            : Instant.ofEpochMilli(exchange.getClock().getCreated()));
    boolean stale =
        statusChange != null
            ? applied.isOlderOrSame(statusChange)
            : applied.isOlderOrSame(shipment);
    if (stale) {
      staleCounter(target, progress.kind()).increment();
      LOG.infof(
          "order %s: %s event %s is not newer than what %s has (sequence %s, shipment %s); ignored",
          hubOrderId,
          progress.kind(),
          event.getId(),
          target,
          applied.statusSequence(),
          applied.shipmentId());
    }
    exchange.setProperty(OUTCOME, stale ? "STALE" : "APPLY");
  }

  private Counter staleCounter(String target, String kind) {
    return staleCounters.computeIfAbsent(
        target + "/" + kind,
        key ->
            Counter.builder("hub.order.events.stale")
                .description(
                    "Order progress events ignored because the target already has a newer state")
                .tag("target", target)
                .tag("kind", kind)
                .register(registry));
  }

  // ------------------------------------------------------------------ Salesforce

  /**
   * The SOQL to run before the first write of an order to Salesforce, or null when there is nothing
   * to look up (the target already got a write for this order). For an order the hub took, it finds
   * the customer's Account, which a new Order needs. For one the hub did not take (entered in the
   * ERP, or in Salesforce before the hub), it finds the Order itself: only an existing one is
   * updated, since the hub has no customer or effective date to create one with.
   */
  public String salesforceLookupQuery(Exchange exchange) throws IOException {
    OrderProgress progress = progress(exchange);
    if (hasWrittenBefore(progress)) {
      return null;
    }
    if (progress.hubOrder().isEmpty()) {
      exchange.setProperty(LOOKUP, "ORDER");
      return "SELECT Id FROM Order WHERE Hub_Order_Id__c = '"
          + soqlLiteral(progress.hubOrderId())
          + "' LIMIT 1";
    }
    String goldenId =
        CanonicalJson.mapper()
            .readTree(progress.hubOrder().get().orderJson())
            .path("customerGoldenId")
            .asText("");
    if (goldenId.isBlank()) {
      notInSalesforce(exchange, progress, "the order names no golden customer ID");
      return null;
    }
    exchange.setProperty(LOOKUP, "ACCOUNT");
    return "SELECT Id FROM Account WHERE Golden_Customer_Id__c = '"
        + soqlLiteral(goldenId)
        + "' LIMIT 1";
  }

  private static String soqlLiteral(String value) {
    // SOQL string literal: backslash and quote are the characters that need escaping
    return value.replace("\\", "\\\\").replace("'", "\\'");
  }

  /**
   * Reads the raw query answer: keeps the Account ID for a new Order, or lets an update of an
   * existing Order through. Without a match the Order is not written.
   */
  public void salesforceLookupAnswered(Exchange exchange) throws IOException {
    JsonNode answer = CanonicalJson.mapper().readTree(exchange.getMessage().getBody(String.class));
    JsonNode records = answer.path("records");
    boolean found = records.isArray() && !records.isEmpty() && records.get(0).hasNonNull("Id");
    boolean orderLookup = "ORDER".equals(exchange.getProperty(LOOKUP, String.class));
    if (found && !orderLookup) {
      exchange.setProperty(ACCOUNT_ID, records.get(0).get("Id").asText());
    } else if (!found) {
      notInSalesforce(
          exchange,
          progress(exchange),
          orderLookup
              ? "the hub did not take the order and Salesforce has no such Order"
              : "no Salesforce Account has the customer");
    }
  }

  /**
   * The Order cannot be created in Salesforce (it requires an Account) and does not exist there:
   * the customer is not a Salesforce customer, so the org has no use for the order. Counted and
   * logged, not dead-lettered: nothing a person could fix would make it belong there.
   */
  private void notInSalesforce(Exchange exchange, OrderProgress progress, String why) {
    exchange.setProperty(OUTCOME, "NOT_IN_SALESFORCE");
    registry.counter("hub.order.events.not.in.salesforce").increment();
    LOG.infof("order %s not written to Salesforce: %s", progress.hubOrderId(), why);
  }

  /** The raw upsert body for {@code Order/Hub_Order_Id__c/<hub order ID>}. */
  public String salesforceUpsert(Exchange exchange) {
    OrderProgress progress = progress(exchange);
    LocalDate effectiveDate = null;
    if (!hasWrittenBefore(progress) && progress.hubOrder().isPresent()) {
      effectiveDate = LocalDate.ofInstant(progress.hubOrder().get().createdAt(), ZoneOffset.UTC);
    }
    Message message = exchange.getMessage();
    message.setHeader("HubOrderId", progress.hubOrderId());
    // camel-salesforce forwards only Sforce-* and X-SFDC-* headers to Salesforce
    message.setHeader(
        "X-SFDC-Correlation-ID",
        message.getHeader(RetailEvents.CORRELATION_ID_HEADER, String.class));
    return SalesforceOrderMapper.toProgressUpsert(
            progress.statusChange() == null ? null : progress.statusChange().status(),
            progress.erpOrderNumber(),
            progress.trackingNumber(),
            effectiveDate,
            exchange.getProperty(ACCOUNT_ID, String.class))
        .toString();
  }

  /** After Salesforce accepted the upsert: audit it and remember what it now has. */
  public void salesforceApplied(Exchange exchange) throws SQLException, IOException {
    OrderProgress progress = progress(exchange);
    JsonNode answer = CanonicalJson.mapper().readTree(exchange.getMessage().getBody(String.class));
    String recordId = answer.path("id").asText(null);
    boolean created = answer.path("created").asBoolean(false);
    record(progress, SALESFORCE);
    Instant eventTime = exchange.getProperty(EVENT_TIME, Instant.class);
    if (eventTime != null) {
      latency.record(progress.statusChange() != null ? STATUS_FLOW : SHIPMENT_FLOW, eventTime);
    }
    audit.record(
        ACTOR,
        "order." + progress.kind() + ".salesforce-upsert",
        SALESFORCE,
        progress.hubOrderId(),
        created ? "CREATED" : "UPDATED",
        correlationId(exchange),
        describe(progress) + (recordId == null ? "" : " Order " + recordId));
  }

  // ------------------------------------------------------------------ service desk

  /** Sets up {@code GET /api/v2/search.json} for the tickets linked to the ERP order. */
  public void ticketSearch(Exchange exchange) {
    OrderProgress progress = progress(exchange);
    Message message = exchange.getMessage();
    String query = "type:ticket custom_field_" + ZendeskTicketMapper.ORDER_NUMBER_FIELD + ":";
    message.setHeader(Exchange.HTTP_METHOD, "GET");
    message.setHeader(
        Exchange.HTTP_QUERY,
        "query="
            + URLEncoder.encode(query + progress.erpOrderNumber(), StandardCharsets.UTF_8)
                .replace("+", "%20")
            + "&per_page=100");
    message.setHeader("Authorization", serviceDeskAuthorization);
    message.setHeader("Accept", "application/json");
    message.setBody(null);
  }

  /** The unsolved linked tickets, each of which gets the update. */
  public List<Long> openTickets(Exchange exchange) throws IOException {
    JsonNode answer = CanonicalJson.mapper().readTree(exchange.getMessage().getBody(String.class));
    if (answer.hasNonNull("next_page")) {
      // more than 100 tickets on one order is not a real case; say so rather than page silently
      LOG.warnf(
          "order %s: more than 100 linked tickets, only the first page is updated",
          progress(exchange).hubOrderId());
    }
    return ZendeskTicketMapper.openTicketIdsOf(answer);
  }

  /** Sets up {@code PUT /api/v2/tickets/<id>.json}: order fields and an internal note. */
  public String ticketUpdate(Exchange exchange) {
    OrderProgress progress = progress(exchange);
    Message message = exchange.getMessage();
    message.setHeader("HubTicketId", message.getBody(Long.class));
    message.setHeader(Exchange.HTTP_METHOD, "PUT");
    message.removeHeader(Exchange.HTTP_QUERY);
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    message.setHeader("Authorization", serviceDeskAuthorization);
    return ZendeskTicketMapper.toOrderProgressUpdate(
            progress.erpOrderNumber(),
            progress.statusChange() == null ? null : progress.statusChange().status(),
            progress.trackingNumber(),
            note(progress))
        .toString();
  }

  public void ticketUpdated(Exchange exchange) throws SQLException {
    OrderProgress progress = progress(exchange);
    audit.record(
        ACTOR,
        "order." + progress.kind() + ".ticket-update",
        SERVICEDESK,
        progress.hubOrderId(),
        "UPDATED",
        correlationId(exchange),
        describe(progress) + " ticket " + exchange.getMessage().getHeader("HubTicketId"));
  }

  /** After every linked ticket was updated (or none was open): remember what was applied. */
  public void serviceDeskApplied(Exchange exchange) throws SQLException {
    record(progress(exchange), SERVICEDESK);
  }

  // ------------------------------------------------------------------ helpers

  static String note(OrderProgress progress) {
    StringBuilder note = new StringBuilder("Order ").append(progress.hubOrderId());
    if (progress.erpOrderNumber() != null) {
      note.append(" (ERP ").append(progress.erpOrderNumber()).append(")");
    }
    if (progress.statusChange() != null) {
      note.append(": status is now ").append(progress.statusChange().status().wireCode());
      if (progress.trackingNumber() != null) {
        note.append(". Tracking: ");
        if (progress.carrier() != null) {
          note.append(progress.carrier()).append(' ');
        }
        note.append(progress.trackingNumber());
      }
      return note.append('.').toString();
    }
    ShipmentEvent shipment = progress.shipment();
    note.append(" shipped (delivery ").append(shipment.shipmentId()).append(")");
    if (shipment.carrier() != null) {
      note.append(" with ").append(shipment.carrier());
    }
    if (shipment.trackingNumber() != null) {
      note.append(", tracking number ").append(shipment.trackingNumber());
    }
    return note.append('.').toString();
  }

  private void record(OrderProgress progress, String target) throws SQLException {
    if (progress.statusChange() != null) {
      state.recordStatus(target, progress.statusChange());
    } else {
      state.recordShipment(target, progress.shipment());
    }
  }

  private static boolean hasWrittenBefore(OrderProgress progress) {
    return progress.applied().statusChangedAt() != null || progress.applied().shippedAt() != null;
  }

  private static String describe(OrderProgress progress) {
    if (progress.statusChange() != null) {
      return "status "
          + progress.statusChange().status().wireCode()
          + " sequence "
          + progress.statusChange().sourceSequence();
    }
    return "shipment " + progress.shipment().shipmentId();
  }

  private static OrderProgress progress(Exchange exchange) {
    return exchange.getProperty(PROGRESS, OrderProgress.class);
  }

  private static String correlationId(Exchange exchange) {
    return exchange.getMessage().getHeader(RetailEvents.CORRELATION_ID_HEADER, String.class);
  }
}
