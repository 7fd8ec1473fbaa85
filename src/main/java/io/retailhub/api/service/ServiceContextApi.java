package io.retailhub.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Unremovable;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.api.Problems;
import io.retailhub.api.Problems.FieldError;
import io.retailhub.model.CanonicalJson;
import io.retailhub.service.OrderContexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The agent-facing reads: {@code GET /api/v1/service/orders/{id}/context} ({@link OrderContexts})
 * and {@code GET /api/v1/customers/{goldenId}/orders}, a customer's hub orders newest first with
 * keyset pagination. The cursor is opaque to callers: base64url of the last row's creation instant
 * and hub order ID, so a page never repeats or skips an order while new ones arrive.
 */
@ApplicationScoped
@Unremovable
@Named("serviceContextApi")
public class ServiceContextApi {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private record Cursor(Instant createdAt, String hubOrderId) {}

  private final OrderContexts contexts;
  private final AgroalDataSource dataSource;

  public ServiceContextApi(OrderContexts contexts, AgroalDataSource dataSource) {
    this.contexts = contexts;
    this.dataSource = dataSource;
  }

  public void orderContext(Exchange exchange) throws SQLException, JsonProcessingException {
    Message message = exchange.getMessage();
    String id = message.getHeader("id", String.class);
    String correlationId = message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class);
    Optional<ObjectNode> context = contexts.context(id, correlationId);
    if (context.isEmpty()) {
      Problems.notFound(
          exchange, "Unknown order", "No order with hub order ID or ERP order number " + id);
      return;
    }
    ok(message, context.get());
  }

  public void customerOrders(Exchange exchange) throws SQLException {
    Message message = exchange.getMessage();
    String goldenId = message.getHeader("goldenId", String.class);
    String rawLimit = message.getHeader("limit", String.class);
    String rawCursor = message.getHeader("cursor", String.class);
    List<FieldError> errors = new ArrayList<>();
    int limit = DEFAULT_LIMIT;
    if (rawLimit != null && !rawLimit.isBlank()) {
      try {
        limit = Integer.parseInt(rawLimit.trim());
        if (limit < 1 || limit > MAX_LIMIT) {
          errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
      } catch (NumberFormatException e) {
        errors.add(new FieldError("limit", "must be a whole number"));
      }
    }
    Cursor cursor = null;
    if (rawCursor != null && !rawCursor.isBlank()) {
      cursor = decode(rawCursor.trim());
      if (cursor == null) {
        errors.add(new FieldError("cursor", "is not a cursor this API returned"));
      }
    }
    if (!errors.isEmpty()) {
      Problems.badRequest(exchange, errors);
      return;
    }
    if (!customerKnown(goldenId)) {
      Problems.notFound(exchange, "Unknown customer", "No customer with golden ID " + goldenId);
      return;
    }
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("customerId", goldenId);
    ArrayNode orders = body.putArray("orders");
    Cursor last = null;
    boolean more = false;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT hub_order_id, status, erp_order_number, channel, fulfilment_type,"
                    + " order_json::jsonb -> 'totalAmount' AS total, created_at FROM hub_order"
                    + " WHERE (order_json::jsonb ->> 'customerGoldenId') = ?"
                    + " AND (CAST(? AS timestamptz) IS NULL OR (created_at, hub_order_id) < (?, ?))"
                    + " ORDER BY created_at DESC, hub_order_id DESC LIMIT ?")) {
      Timestamp after = cursor == null ? null : Timestamp.from(cursor.createdAt());
      select.setString(1, goldenId);
      select.setTimestamp(2, after);
      select.setTimestamp(3, after);
      select.setString(4, cursor == null ? null : cursor.hubOrderId());
      // one row more than asked tells whether there is a next page
      select.setInt(5, limit + 1);
      try (ResultSet row = select.executeQuery()) {
        int count = 0;
        while (row.next()) {
          if (++count > limit) {
            more = true;
            break;
          }
          Instant createdAt = row.getTimestamp("created_at").toInstant();
          ObjectNode order = orders.addObject();
          order.put("hubOrderId", row.getString("hub_order_id"));
          order.put("status", row.getString("status"));
          order.put("erpOrderNumber", row.getString("erp_order_number"));
          order.put("channel", row.getString("channel"));
          order.put("fulfilmentType", row.getString("fulfilment_type"));
          String total = row.getString("total");
          order.set("totalAmount", total == null ? null : CanonicalJson.mapper().readTree(total));
          order.put("createdAt", createdAt.toString());
          last = new Cursor(createdAt, row.getString("hub_order_id"));
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("hub_order.order_json is not JSON", e);
      }
    }
    body.put("nextCursor", more && last != null ? encode(last) : null);
    ok(message, body);
  }

  private boolean customerKnown(String goldenId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM customer_golden WHERE golden_id = ?)"
                    + " OR EXISTS (SELECT 1 FROM hub_order"
                    + " WHERE (order_json::jsonb ->> 'customerGoldenId') = ?)")) {
      select.setString(1, goldenId);
      select.setString(2, goldenId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }

  static String encode(Cursor cursor) {
    String raw = cursor.createdAt() + "|" + cursor.hubOrderId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Cursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar <= 0 || bar == raw.length() - 1) {
        return null;
      }
      return new Cursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return null;
    }
  }

  private static void ok(Message message, ObjectNode body) {
    message.removeHeaders("*", HttpEdgeFilter.CORRELATION_HEADER);
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    message.setBody(CanonicalJson.toJson(body));
  }
}
