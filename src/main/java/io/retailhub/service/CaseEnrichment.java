package io.retailhub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Unremovable;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.connector.servicedesk.ServiceDeskUserClient;
import io.retailhub.customer.CustomerStore;
import io.retailhub.model.CanonicalJson;
import io.retailhub.ops.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The Java steps of routes/service/case-enrichment.camel.yaml. A new ticket (only {@code
 * ticket.created}: the comment and field events the hub's own update causes are never triggers) is
 * matched to an order by an order reference in its subject or description, else by the requester's
 * e-mail (one golden customer, never a guess between several) and that customer's newest order. The
 * ticket then gets one internal note and the four order fields; {@code service_case_enrichment}
 * remembers it, so a redelivered or repeated creation event enriches nothing twice.
 */
@ApplicationScoped
@Unremovable
@Named("caseEnrichment")
public class CaseEnrichment {
  public static final String TRIGGER_HEADER = "HubCaseTrigger";
  public static final String EVENT_ID_HEADER = "HubCaseEventId";
  public static final String OUTCOME_PROPERTY = "caseOutcome";
  public static final String TICKET_PROPERTY = "caseTicketId";

  static final long ORDER_NUMBER_FIELD = 360001L;
  static final long ORDER_STATUS_FIELD = 360002L;
  static final long TRACKING_NUMBER_FIELD = 360003L;
  static final long GOLDEN_CUSTOMER_FIELD = 360004L;
  static final String CREATED = "zen:event-type:ticket.created";

  private static final String MATCHED_BY_PROPERTY = "caseMatchedBy";
  private static final String CONTEXT_PROPERTY = "caseContext";
  private static final String EVENT_PROPERTY = "caseEventId";

  private final OrderContexts contexts;
  private final CustomerStore customers;
  private final ServiceDeskUserClient users;
  private final AgroalDataSource dataSource;
  private final AuditLog audit;

  public CaseEnrichment(
      OrderContexts contexts,
      CustomerStore customers,
      ServiceDeskUserClient users,
      AgroalDataSource dataSource,
      AuditLog audit) {
    this.contexts = contexts;
    this.customers = customers;
    this.users = users;
    this.dataSource = dataSource;
    this.audit = audit;
  }

  /** Reads the event's id and type into headers: the idempotency key and whether it triggers. */
  public void read(Exchange exchange) throws JsonProcessingException {
    Message message = exchange.getMessage();
    JsonNode event = CanonicalJson.mapper().readTree(message.getBody(String.class));
    String type = event.path("type").asText("");
    message.setHeader(EVENT_ID_HEADER, event.path("id").asText(""));
    message.setHeader(TRIGGER_HEADER, CREATED.equals(type) ? "created" : "other");
  }

  /**
   * Decides the enrichment of a created ticket: sets {@link #OUTCOME_PROPERTY} to {@code enrich}
   * (with the ticket update as body and the headers of the PUT) or to why nothing is done.
   */
  public void plan(Exchange exchange) throws SQLException, JsonProcessingException {
    Message message = exchange.getMessage();
    String correlationId = message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class);
    JsonNode event = CanonicalJson.mapper().readTree(message.getBody(String.class));
    JsonNode detail = event.path("detail");
    String ticketId = detail.path("id").asText("");
    exchange.setProperty(TICKET_PROPERTY, ticketId);
    exchange.setProperty(EVENT_PROPERTY, event.path("id").asText(""));
    if (ticketId.isBlank() || alreadyEnriched(ticketId)) {
      exchange.setProperty(OUTCOME_PROPERTY, "already-enriched");
      return;
    }
    String ticketStatus = detail.path("status").asText("").toLowerCase(java.util.Locale.ROOT);
    if (ticketStatus.equals("solved") || ticketStatus.equals("closed")) {
      // a ticket logged as already solved is a record of history, not work for an agent
      exchange.setProperty(OUTCOME_PROPERTY, "ticket-" + ticketStatus);
      return;
    }
    String text = detail.path("subject").asText("") + "\n" + detail.path("description").asText("");
    Optional<ObjectNode> context = Optional.empty();
    String matchedBy = null;
    for (String reference : OrderContexts.referencesIn(text)) {
      context = contexts.context(reference, correlationId);
      if (context.isPresent()) {
        matchedBy = "order";
        break;
      }
    }
    if (context.isEmpty()) {
      context = byRequester(detail.path("requester_id").asText(""), correlationId);
      matchedBy = "email";
    }
    if (context.isEmpty()) {
      exchange.setProperty(OUTCOME_PROPERTY, "no-context");
      return;
    }
    exchange.setProperty(OUTCOME_PROPERTY, "enrich");
    exchange.setProperty(MATCHED_BY_PROPERTY, matchedBy);
    exchange.setProperty(CONTEXT_PROPERTY, context.get());
    message.removeHeaders("*", HttpEdgeFilter.CORRELATION_HEADER);
    message.setHeader(Exchange.HTTP_METHOD, "PUT");
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    message.setHeader("Authorization", users.authorization());
    message.setBody(CanonicalJson.toJson(ticketUpdate(context.get())));
  }

  /** After the ticket update: remember the ticket as enriched and audit the write. */
  public void recorded(Exchange exchange) throws SQLException {
    Message message = exchange.getMessage();
    String correlationId = message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class);
    String ticketId = exchange.getProperty(TICKET_PROPERTY, String.class);
    String matchedBy = exchange.getProperty(MATCHED_BY_PROPERTY, String.class);
    ObjectNode context = exchange.getProperty(CONTEXT_PROPERTY, ObjectNode.class);
    String hubOrderId = text(context, "hubOrderId");
    String erpOrderNumber = text(context, "erpOrderNumber");
    String goldenId = text(context.path("customer"), "goldenId");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO service_case_enrichment (ticket_id, event_id, matched_by,"
                    + " hub_order_id, erp_order_number, golden_id, correlation_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO NOTHING")) {
      insert.setString(1, ticketId);
      insert.setString(2, exchange.getProperty(EVENT_PROPERTY, String.class));
      insert.setString(3, matchedBy);
      insert.setString(4, hubOrderId);
      insert.setString(5, erpOrderNumber);
      insert.setString(6, goldenId);
      insert.setString(7, correlationId);
      insert.executeUpdate();
    }
    audit.record(
        "hub:case-enrichment",
        "ticket.enrich",
        "servicedesk",
        "ticket:" + ticketId,
        "OK",
        correlationId,
        "matched by " + matchedBy + ", order " + (erpOrderNumber != null ? erpOrderNumber : "-"));
  }

  private Optional<ObjectNode> byRequester(String requesterId, String correlationId)
      throws SQLException, JsonProcessingException {
    if (requesterId.isBlank()) {
      return Optional.empty();
    }
    Optional<String> email = users.emailOf(requesterId, correlationId);
    if (email.isEmpty()) {
      return Optional.empty();
    }
    List<String> goldenIds = customers.goldenIdsByEmail(email.get());
    if (goldenIds.size() != 1) {
      // unknown, or several customers share the address: an agent must decide, not the hub
      return Optional.empty();
    }
    String goldenId = goldenIds.get(0);
    Optional<String> newest = contexts.newestOrderOf(goldenId);
    if (newest.isPresent()) {
      Optional<ObjectNode> context = contexts.context(newest.get(), correlationId);
      if (context.isPresent()) {
        return context;
      }
    }
    // a known customer without orders: the golden ID alone still saves the agent a search
    ObjectNode customerOnly = CanonicalJson.mapper().createObjectNode();
    customerOnly.putNull("hubOrderId");
    customerOnly.putNull("erpOrderNumber");
    customerOnly.putNull("status");
    customerOnly.putArray("lines");
    customerOnly.putArray("shipments");
    customerOnly.putObject("customer").put("goldenId", goldenId);
    return Optional.of(customerOnly);
  }

  /** The ticket update: one internal note and the order fields (absent values left untouched). */
  static ObjectNode ticketUpdate(ObjectNode context) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    ObjectNode ticket = body.putObject("ticket");
    ticket.putObject("comment").put("body", note(context)).put("public", false);
    ArrayNode fields = ticket.putArray("custom_fields");
    field(fields, ORDER_NUMBER_FIELD, text(context, "erpOrderNumber"));
    field(fields, ORDER_STATUS_FIELD, text(context, "status"));
    field(fields, TRACKING_NUMBER_FIELD, latestTracking(context));
    field(fields, GOLDEN_CUSTOMER_FIELD, text(context.path("customer"), "goldenId"));
    return body;
  }

  static String note(ObjectNode context) {
    StringBuilder note = new StringBuilder("Order context from the Retail Connectivity Hub\n");
    String hubOrderId = text(context, "hubOrderId");
    String erpOrderNumber = text(context, "erpOrderNumber");
    if (hubOrderId != null || erpOrderNumber != null) {
      note.append("Order: ")
          .append(hubOrderId != null ? hubOrderId : "-")
          .append(" (ERP ")
          .append(erpOrderNumber != null ? erpOrderNumber : "not yet created")
          .append(")\nStatus: ")
          .append(text(context, "status"))
          .append(" (source: ")
          .append(text(context, "statusSource"))
          .append(")\n");
    } else {
      note.append("No order found for this customer.\n");
    }
    if (!context.path("lines").isEmpty()) {
      note.append("Lines:\n");
      for (JsonNode line : context.path("lines")) {
        note.append("- ")
            .append(line.path("sku").asText())
            .append(" x ")
            .append(line.path("quantity").asText());
        if (line.hasNonNull("plant") && !line.path("plant").asText().isBlank()) {
          note.append(" from ").append(line.path("plant").asText());
        }
        note.append('\n');
      }
    }
    if (!context.path("shipments").isEmpty()) {
      note.append("Shipments:\n");
      for (JsonNode shipment : context.path("shipments")) {
        note.append("- delivery ")
            .append(shipment.path("shipmentId").asText())
            .append(", ")
            .append(shipment.path("carrier").asText("carrier unknown"))
            .append(", tracking ")
            .append(shipment.path("trackingNumber").asText("-"))
            .append(", shipped ")
            .append(shipment.path("shippedAt").asText())
            .append('\n');
      }
    } else if (hubOrderId != null || erpOrderNumber != null) {
      note.append("Shipments: none yet\n");
    }
    String goldenId = text(context.path("customer"), "goldenId");
    note.append("Customer golden ID: ").append(goldenId != null ? goldenId : "unknown");
    return note.toString();
  }

  private static String latestTracking(ObjectNode context) {
    String tracking = null;
    for (JsonNode shipment : context.path("shipments")) {
      String value = text(shipment, "trackingNumber");
      if (value != null) {
        tracking = value;
      }
    }
    return tracking;
  }

  private static void field(ArrayNode fields, long id, String value) {
    if (value != null) {
      fields.addObject().put("id", id).put("value", value);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  private boolean alreadyEnriched(String ticketId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT 1 FROM service_case_enrichment WHERE ticket_id = ?")) {
      select.setString(1, ticketId);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }
}
