package io.retailhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import io.retailhub.ops.audit.AuditLog;
import io.retailhub.ops.privacy.PiiMasker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/** Customer lookups and the conflict/review queue for operators, as JSON bodies for the routes. */
@ApplicationScoped
@Named("customerApi")
public class CustomerApi {
  private static final ObjectMapper JSON = CanonicalJson.mapper();
  private static final int MAX_PAGE = 200;
  private static final Set<String> RESOLUTIONS = Set.of("kept", "dismissed");

  private final CustomerStore store;
  private final DataSource dataSource;
  private final AuditLog audit;

  public CustomerApi(CustomerStore store, DataSource dataSource, AuditLog audit) {
    this.audit = audit;
    this.store = store;
    this.dataSource = dataSource;
  }

  public String customer(@Header("goldenId") String goldenId, Exchange exchange) {
    return store
        .golden(goldenId)
        .map(golden -> JSON.valueToTree(view(golden)).toString())
        .orElseGet(() -> notFound(exchange, "customer " + goldenId + " not found"));
  }

  public String byEmail(@Header("email") String email, Exchange exchange) {
    if (email == null || email.isBlank()) {
      exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 400);
      return problem(400, "query parameter 'email' is required");
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode customers = body.putArray("customers");
    for (String goldenId : store.goldenIdsByEmail(email)) {
      store.golden(goldenId).ifPresent(golden -> customers.add(JSON.valueToTree(view(golden))));
    }
    return body.toString();
  }

  private Map<String, Object> view(GoldenCustomer golden) {
    Map<Platform, String> ids = store.platformIds(golden.goldenId());
    return Map.of(
        "goldenId", golden.goldenId(),
        "attributes", golden.attributes(),
        "attributeVersions", golden.versions(),
        "platformIds", ids);
  }

  /**
   * One page of open conflicts ({@code queue=conflicts}) or review items ({@code queue=review}),
   * oldest first; {@code cursor} is the last ID of the previous page. Values are masked: the list
   * is for triage, and an operator who needs the value opens the record in its system.
   */
  public String conflicts(
      @Header("queue") String queue,
      @Header("cursor") String cursor,
      @Header("limit") String limit,
      Exchange exchange)
      throws SQLException {
    boolean review = "review".equals(queue);
    if (queue != null && !review && !"conflicts".equals(queue)) {
      exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 400);
      return problem(400, "queue must be 'conflicts' or 'review'");
    }
    long after;
    int size;
    try {
      after = cursor == null || cursor.isBlank() ? 0 : Long.parseLong(cursor);
      size = limit == null || limit.isBlank() ? 50 : Math.min(MAX_PAGE, Integer.parseInt(limit));
    } catch (NumberFormatException e) {
      exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 400);
      return problem(400, "cursor and limit must be numbers");
    }
    String sql =
        review
            ? "SELECT review_id AS id, platform, platform_id, normalized_email, candidate_ids::text,"
                + " recorded_at FROM customer_review WHERE resolved_at IS NULL AND review_id > ?"
                + " ORDER BY review_id LIMIT ?"
            : "SELECT conflict_id AS id, golden_id, attribute, kind, rejected_source,"
                + " rejected_value::text, rejected_timestamp, kept_source, kept_value::text,"
                + " recorded_at FROM customer_conflict WHERE resolved_at IS NULL AND conflict_id > ?"
                + " ORDER BY conflict_id LIMIT ?";
    ObjectNode body = JSON.createObjectNode();
    ArrayNode items = body.putArray("items");
    long last = -1;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, after);
      select.setInt(2, size);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          last = rows.getLong("id");
          ObjectNode item = items.addObject().put("id", last);
          if (review) {
            item.put("platform", rows.getString("platform"));
            item.put("platformId", rows.getString("platform_id"));
            item.put("email", PiiMasker.emailInitialOnly(rows.getString("normalized_email")));
            item.set("candidateIds", JSON.readTree(rows.getString("candidate_ids")));
          } else {
            item.put("goldenId", rows.getString("golden_id"));
            item.put("attribute", rows.getString("attribute"));
            item.put("kind", rows.getString("kind"));
            item.put("rejectedSource", rows.getString("rejected_source"));
            item.set(
                "rejectedValue",
                PiiMasker.initialsOnly(readNullable(rows.getString("rejected_value"))));
            item.put(
                "rejectedTimestamp",
                rows.getTimestamp("rejected_timestamp").toInstant().toString());
            item.put("keptSource", rows.getString("kept_source"));
            item.set(
                "keptValue", PiiMasker.initialsOnly(readNullable(rows.getString("kept_value"))));
          }
          item.put("recordedAt", rows.getTimestamp("recorded_at").toInstant().toString());
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (items.size() == size && last > 0) {
      body.put("nextCursor", String.valueOf(last));
    }
    return body.toString();
  }

  private static JsonNode readNullable(String json)
      throws com.fasterxml.jackson.core.JsonProcessingException {
    return json == null ? null : JSON.readTree(json);
  }

  /** Marks a conflict resolved ({@code kept}: the golden value stands; {@code dismissed}). */
  public String resolve(
      @Header("id") String id,
      @Header("X-Correlation-ID") String correlationId,
      @Header(HttpEdgeFilter.ACTOR_HEADER) String resolvedBy,
      String body,
      Exchange exchange)
      throws Exception {
    JsonNode request =
        body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    String resolution = request.path("resolution").asText("kept");
    if (!RESOLUTIONS.contains(resolution) || resolvedBy == null || resolvedBy.isBlank()) {
      exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 400);
      return problem(400, "body needs 'resolution' (kept|dismissed) from an authenticated caller");
    }
    long conflictId;
    try {
      conflictId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      return notFound(exchange, "conflict " + id + " not found");
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE customer_conflict SET resolved_at = now(), resolved_by = ?, resolution = ?"
                    + " WHERE conflict_id = ? AND resolved_at IS NULL")) {
      update.setString(1, resolvedBy);
      update.setString(2, resolution);
      update.setLong(3, conflictId);
      if (update.executeUpdate() == 0) {
        return notFound(exchange, "open conflict " + id + " not found");
      }
    }
    audit.record(
        resolvedBy,
        "customer-conflict.resolve",
        "customer_conflict",
        String.valueOf(conflictId),
        resolution,
        correlationId,
        null);
    return JSON.createObjectNode().put("id", conflictId).put("resolution", resolution).toString();
  }

  private static String notFound(Exchange exchange, String detail) {
    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
    return problem(404, detail);
  }

  private static String problem(int status, String detail) {
    return JSON.createObjectNode()
        .put("type", "about:blank")
        .put("status", status)
        .put("detail", detail)
        .toString();
  }
}
