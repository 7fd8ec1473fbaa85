package io.retailhub.mapping.servicedesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.CasePriority;
import io.retailhub.model.CaseStatus;
import io.retailhub.model.OrderStatus;
import io.retailhub.model.Platform;
import io.retailhub.model.ServiceCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Service cases to and from Zendesk API v2 tickets. The links to the ERP order, its status, the
 * tracking number and the golden customer live in the ticket custom fields 360001..360004; the
 * order status field is a dropdown whose tags are the canonical order status wire codes.
 */
public final class ZendeskTicketMapper {
  public static final long ORDER_NUMBER_FIELD = 360001L;
  public static final long ORDER_STATUS_FIELD = 360002L;
  public static final long TRACKING_NUMBER_FIELD = 360003L;
  public static final long GOLDEN_CUSTOMER_ID_FIELD = 360004L;

  static final Map<String, CaseStatus> STATUS =
      Map.of(
          "new", CaseStatus.NEW,
          "open", CaseStatus.OPEN,
          "pending", CaseStatus.PENDING,
          "hold", CaseStatus.ON_HOLD,
          "solved", CaseStatus.SOLVED,
          "closed", CaseStatus.CLOSED);

  static final Map<String, CasePriority> PRIORITY =
      Map.of(
          "low", CasePriority.LOW,
          "normal", CasePriority.NORMAL,
          "high", CasePriority.HIGH,
          "urgent", CasePriority.URGENT);

  private ZendeskTicketMapper() {}

  /**
   * A ticket as {@code GET /api/v2/tickets/{id}} returns it ({@code {"ticket": {...}}}) or bare.
   */
  public static ServiceCase fromTicket(JsonNode response) {
    JsonNode ticket =
        response != null && response.has("ticket") ? response.get("ticket") : response;
    MappingContext context = MappingContext.of("servicedesk:ticket");
    PayloadNode node = context.root(ticket);
    Long id = node.requiredLong("id");
    String subject = node.requiredText("subject");
    String description = node.optionalText("description");
    CaseStatus status = node.requiredCode("status", STATUS);
    CasePriority priority = node.optionalCode("priority", PRIORITY);
    String requesterId = node.optionalText("requester_id");
    Instant createdAt = node.optionalInstant("created_at");
    Instant updatedAt = node.optionalInstant("updated_at");
    List<String> tags = new ArrayList<>();
    JsonNode tagArray = node.json().get("tags");
    if (tagArray != null && tagArray.isArray()) {
      tagArray.forEach(tag -> tags.add(tag.asText()));
    }
    String erpOrderNumber = null;
    OrderStatus orderStatus = null;
    String trackingNumber = null;
    String goldenId = null;
    for (PayloadNode field : node.array("custom_fields", false)) {
      Long fieldId = field.requiredLong("id");
      if (fieldId == null) {
        continue;
      }
      if (fieldId == ORDER_NUMBER_FIELD) {
        erpOrderNumber = field.optionalText("value");
      } else if (fieldId == ORDER_STATUS_FIELD) {
        orderStatus = field.optionalWireCode("value", OrderStatus.class);
      } else if (fieldId == TRACKING_NUMBER_FIELD) {
        trackingNumber = field.optionalText("value");
      } else if (fieldId == GOLDEN_CUSTOMER_ID_FIELD) {
        goldenId = field.optionalText("value");
      }
    }
    // external_id is where the hub puts the hub order ID when it opens a ticket itself
    String hubOrderId = node.optionalText("external_id");
    Map<Platform, String> ids = new EnumMap<>(Platform.class);
    if (id != null) {
      ids.put(Platform.SERVICEDESK, String.valueOf(id));
    }
    String erp = erpOrderNumber;
    OrderStatus orderStatusValue = orderStatus;
    String tracking = trackingNumber;
    String golden = goldenId;
    return context.build(
        () ->
            new ServiceCase(
                String.valueOf(id),
                subject,
                description,
                status,
                priority,
                golden,
                erp,
                hubOrderId,
                orderStatusValue,
                tracking,
                tags,
                createdAt,
                updatedAt,
                ids));
  }

  /**
   * The body of {@code PUT /api/v2/tickets/{id}}: the hub's custom fields (Zendesk merges custom
   * fields by ID, so agents' other fields stay) and, when given, an internal note ({@code
   * public:false}) that the customer never sees.
   */
  public static ObjectNode toTicketUpdate(ServiceCase serviceCase, String internalNote) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    ObjectNode ticket = body.putObject("ticket");
    ArrayNode fields = ticket.putArray("custom_fields");
    addField(fields, ORDER_NUMBER_FIELD, serviceCase.erpOrderNumber());
    addField(
        fields,
        ORDER_STATUS_FIELD,
        serviceCase.orderStatus() == null ? null : serviceCase.orderStatus().wireCode());
    addField(fields, TRACKING_NUMBER_FIELD, serviceCase.trackingNumber());
    addField(fields, GOLDEN_CUSTOMER_ID_FIELD, serviceCase.customerGoldenId());
    if (internalNote != null && !internalNote.isBlank()) {
      ObjectNode comment = ticket.putObject("comment");
      comment.put("body", internalNote);
      comment.put("public", false);
    }
    return body;
  }

  /**
   * The body of {@code PUT /api/v2/tickets/{id}} that shows an order's progress on a linked ticket:
   * the order custom fields (order number, status as its canonical wire code, tracking number; null
   * ones left out so they keep their value) and an internal note ({@code public:false}).
   */
  public static ObjectNode toOrderProgressUpdate(
      String erpOrderNumber, OrderStatus orderStatus, String trackingNumber, String internalNote) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    ObjectNode ticket = body.putObject("ticket");
    ArrayNode fields = ticket.putArray("custom_fields");
    addField(fields, ORDER_NUMBER_FIELD, erpOrderNumber);
    addField(fields, ORDER_STATUS_FIELD, orderStatus == null ? null : orderStatus.wireCode());
    addField(fields, TRACKING_NUMBER_FIELD, trackingNumber);
    ObjectNode comment = ticket.putObject("comment");
    comment.put("body", internalNote);
    comment.put("public", false);
    return body;
  }

  /**
   * The IDs of the unsolved tickets (new, open, pending, on hold) in a {@code GET
   * /api/v2/search.json} answer; solved and closed tickets are history and stay untouched.
   */
  public static List<Long> openTicketIdsOf(JsonNode searchResponse) {
    List<Long> ids = new ArrayList<>();
    for (JsonNode result : searchResponse.path("results")) {
      if (!"ticket".equals(result.path("result_type").asText("ticket"))) {
        continue;
      }
      CaseStatus status = STATUS.get(result.path("status").asText(""));
      if (status != null
          && status != CaseStatus.SOLVED
          && status != CaseStatus.CLOSED
          && result.hasNonNull("id")) {
        ids.add(result.get("id").asLong());
      }
    }
    return ids;
  }

  private static void addField(ArrayNode fields, long id, String value) {
    if (value != null) {
      fields.addObject().put("id", id).put("value", value);
    }
  }

  /** The ticket's comments ({@code GET /tickets/{id}/comments}), internal notes included. */
  public static List<ZendeskComment> commentsOf(JsonNode response) {
    MappingContext context = MappingContext.of("servicedesk:comments");
    PayloadNode root = context.root(response);
    List<ZendeskComment> comments =
        root.mapArray(
            "comments",
            true,
            comment -> {
              Long id = comment.requiredLong("id");
              Long authorId = comment.requiredLong("author_id");
              String body = comment.requiredText("body");
              Boolean isPublic = comment.optionalBoolean("public");
              if (isPublic == null) {
                comment.violation("public", "is required");
              }
              Instant createdAt = comment.requiredInstant("created_at");
              return context.attempt(
                  comment.pathOf("id"),
                  () -> new ZendeskComment(id, authorId, body, !isPublic, createdAt),
                  id,
                  authorId,
                  body,
                  isPublic,
                  createdAt);
            });
    return context.build(() -> comments);
  }
}
