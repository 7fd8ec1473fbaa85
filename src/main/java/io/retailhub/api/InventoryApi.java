package io.retailhub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.retailhub.api.Problems.FieldError;
import io.retailhub.connector.erp.ErpStockClient;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.InventoryPosition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The inventory lookup API behind {@code inventory-api.camel.yaml}. Answers come from the read
 * model ({@code inventory_position}) with each position's {@code asOf} (the ERP's change time) and
 * {@code freshnessSeconds} (how long ago the hub last confirmed it, by event or reconciliation);
 * {@code consistency=strong} reads through to the ERP stock service instead.
 */
@ApplicationScoped
public class InventoryApi {
  static final Pattern SKU = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");
  static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9]{1,16}");
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;
  private static final String COLUMNS =
      "sku, location, on_hand, reserved, available, as_of, source_sequence, confirmed_at";

  private final AgroalDataSource dataSource;
  private final ErpStockClient erp;
  private final Clock clock = Clock.systemUTC();

  public InventoryApi(AgroalDataSource dataSource, ErpStockClient erp) {
    this.dataSource = dataSource;
    this.erp = erp;
  }

  /** One stored or read-through position, with the time the hub last confirmed it. */
  record Row(InventoryPosition position, Instant confirmedAt) {}

  @Produces
  @io.quarkus.arc.Unremovable
  @Named("inventoryApiGetSku")
  Processor getSku() {
    return this::answerSku;
  }

  @Produces
  @io.quarkus.arc.Unremovable
  @Named("inventoryApiList")
  Processor list() {
    return this::answerList;
  }

  void answerSku(Exchange exchange) throws SQLException {
    Message in = exchange.getMessage();
    String sku = in.getHeader("sku", String.class);
    String location = blankToNull(in.getHeader("location", String.class));
    String consistency = blankToNull(in.getHeader("consistency", String.class));
    List<FieldError> errors = new ArrayList<>();
    if (sku == null || !SKU.matcher(sku).matches()) {
      errors.add(new FieldError("sku", "must match " + SKU.pattern()));
    }
    if (location != null && !LOCATION.matcher(location).matches()) {
      errors.add(new FieldError("location", "must be a plant code matching " + LOCATION.pattern()));
    }
    if (consistency != null && !consistency.equals("eventual") && !consistency.equals("strong")) {
      errors.add(new FieldError("consistency", "must be 'eventual' or 'strong'"));
    }
    if (!errors.isEmpty()) {
      Problems.badRequest(exchange, errors);
      return;
    }
    boolean strong = "strong".equals(consistency);
    Instant now = clock.instant();
    List<Row> rows =
        strong
            ? erp.positionsOf(sku, location).stream().map(p -> new Row(p, now)).toList()
            : readModel(sku, location);
    if (rows.isEmpty()) {
      if (location != null && (strong ? !erp.positionsOf(sku, null).isEmpty() : skuKnown(sku))) {
        Problems.notFound(
            exchange, "No position", "SKU " + sku + " has no position at location " + location);
      } else {
        Problems.notFound(exchange, "Unknown SKU", "SKU " + sku + " is not known");
      }
      return;
    }
    ObjectNode answer;
    if (location != null) {
      answer = positionJson(rows.get(0), now);
    } else {
      answer = CanonicalJson.mapper().createObjectNode();
      answer.put("sku", sku);
      Row oldest = rows.stream().min((a, b) -> a.confirmedAt().compareTo(b.confirmedAt())).get();
      answer.put(
          "asOf",
          rows.stream().map(r -> r.position().asOf()).max(Instant::compareTo).get().toString());
      answer.put("freshnessSeconds", freshness(oldest.confirmedAt(), now));
      ArrayNode positions = answer.putArray("positions");
      rows.forEach(row -> positions.add(positionJson(row, now)));
    }
    answer.put("consistency", strong ? "strong" : "eventual");
    ok(exchange, answer);
  }

  void answerList(Exchange exchange) throws SQLException {
    Message in = exchange.getMessage();
    String location = blankToNull(in.getHeader("location", String.class));
    String cursor = blankToNull(in.getHeader("cursor", String.class));
    String limitText = blankToNull(in.getHeader("limit", String.class));
    List<FieldError> errors = new ArrayList<>();
    if (location != null && !LOCATION.matcher(location).matches()) {
      errors.add(new FieldError("location", "must be a plant code matching " + LOCATION.pattern()));
    }
    int limit = DEFAULT_LIMIT;
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
        if (limit < 1 || limit > MAX_LIMIT) {
          errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
      } catch (NumberFormatException notANumber) {
        errors.add(new FieldError("limit", "must be a whole number between 1 and " + MAX_LIMIT));
      }
    }
    String[] after = null;
    if (cursor != null) {
      after = decodeCursor(cursor);
      if (after == null) {
        errors.add(new FieldError("cursor", "is not a cursor this API issued"));
      }
    }
    if (!errors.isEmpty()) {
      Problems.badRequest(exchange, errors);
      return;
    }
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM inventory_position WHERE true");
    List<String> args = new ArrayList<>();
    if (location != null) {
      sql.append(" AND location = ?");
      args.add(location);
    }
    if (after != null) {
      sql.append(" AND (location, sku) > (?, ?)");
      args.add(after[0]);
      args.add(after[1]);
    }
    sql.append(" ORDER BY location, sku LIMIT ").append(limit + 1);
    List<Row> rows = query(sql.toString(), args);
    Instant now = clock.instant();
    ObjectNode answer = CanonicalJson.mapper().createObjectNode();
    answer.put("asOf", now.toString());
    ArrayNode items = answer.putArray("items");
    long oldestFreshness = 0;
    for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
      items.add(positionJson(row, now));
      oldestFreshness = Math.max(oldestFreshness, freshness(row.confirmedAt(), now));
    }
    answer.put("freshnessSeconds", oldestFreshness);
    if (rows.size() > limit) {
      InventoryPosition last = rows.get(limit - 1).position();
      answer.put("nextCursor", encodeCursor(last.location(), last.sku()));
    } else {
      answer.putNull("nextCursor");
    }
    ok(exchange, answer);
  }

  private List<Row> readModel(String sku, String location) throws SQLException {
    if (location == null) {
      return query(
          "SELECT " + COLUMNS + " FROM inventory_position WHERE sku = ? ORDER BY location",
          List.of(sku));
    }
    return query(
        "SELECT " + COLUMNS + " FROM inventory_position WHERE sku = ? AND location = ?",
        List.of(sku, location));
  }

  private boolean skuKnown(String sku) throws SQLException {
    return !readModel(sku, null).isEmpty();
  }

  private List<Row> query(String sql, List<String> args) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        statement.setString(i + 1, args.get(i));
      }
      List<Row> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(
              new Row(
                  new InventoryPosition(
                      result.getString(1),
                      result.getString(2),
                      result.getLong(3),
                      result.getLong(4),
                      result.getLong(5),
                      result.getTimestamp(6).toInstant(),
                      result.getLong(7)),
                  result.getTimestamp(8).toInstant()));
        }
      }
      return rows;
    }
  }

  /**
   * The canonical {@link InventoryPosition} JSON plus {@code freshnessSeconds}. Written field by
   * field: {@code valueToTree} serialised each record into a token buffer and parsed it back, a
   * measurable share of a lookup's CPU at hundreds of lookups per second. Every field is required
   * by the record, so the shape is the canonical one (InventoryApiTest compares it).
   */
  static ObjectNode positionJson(Row row, Instant now) {
    InventoryPosition position = row.position();
    ObjectNode json = CanonicalJson.mapper().createObjectNode();
    json.put("sku", position.sku());
    json.put("location", position.location());
    json.put("onHand", position.onHand());
    json.put("reserved", position.reserved());
    json.put("available", position.available());
    json.put("asOf", position.asOf().toString());
    json.put("sourceSequence", position.sourceSequence());
    json.put("freshnessSeconds", freshness(row.confirmedAt(), now));
    return json;
  }

  private static long freshness(Instant confirmedAt, Instant now) {
    return Math.max(0, Duration.between(confirmedAt, now).toSeconds());
  }

  static String encodeCursor(String location, String sku) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("v1|" + location + "|" + sku).getBytes(StandardCharsets.UTF_8));
  }

  /** {location, sku} after which the next page starts, or null for a cursor we did not issue. */
  static String[] decodeCursor(String cursor) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
              .split("\\|", -1);
      if (parts.length != 3
          || !"v1".equals(parts[0])
          || !LOCATION.matcher(parts[1]).matches()
          || !SKU.matcher(parts[2]).matches()) {
        return null;
      }
      return new String[] {parts[1], parts[2]};
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  private static void ok(Exchange exchange, ObjectNode answer) {
    Message message = exchange.getMessage();
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    message.setBody(CanonicalJson.toJson(answer));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
