package io.retailhub.orders;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.SimulatorServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test data for the order flows. Every test gets its own material, created in the ERP simulator
 * (which checks and reserves stock on create) and in the inventory read model (which the hub checks
 * before it calls the ERP), with the same quantities, so tests never share stock.
 */
public final class OrderFixtures {
  static final String SALES_ORDER_PATH = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder";

  private final AgroalDataSource dataSource;

  public OrderFixtures(AgroalDataSource dataSource) throws SQLException {
    this.dataSource = dataSource;
  }

  /** A customer the ERP knows and has not blocked. */
  public static String knownBusinessPartner() {
    return RetailSeed.standard().customers().get(3).erpBusinessPartner();
  }

  /** A new material with {@code available} units at each given plant, in the ERP and read model. */
  public String material(Map<String, Long> availableByPlant) throws SQLException {
    String sku = "ORD-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    List<Map<String, Object>> stock = new ArrayList<>();
    availableByPlant.forEach(
        (plant, available) ->
            stock.add(Map.of("plant", plant, "onHand", available, "reserved", 0)));
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "material",
                sku,
                "description",
                "order test " + sku,
                "unitPrice",
                "10.00",
                "currency",
                "EUR",
                "stock",
                stock))
        .post(SandboxTestResource.stack().erp().baseUrl() + "/__admin/materials")
        .then()
        .statusCode(201);
    for (Map.Entry<String, Long> position : availableByPlant.entrySet()) {
      setReadModel(sku, position.getKey(), position.getValue());
    }
    return sku;
  }

  void setReadModel(String sku, String plant, long available) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO inventory_position (sku, location, on_hand, reserved, available,"
                    + " as_of, source_sequence) VALUES (?, ?, ?, 0, ?, now(), 0)"
                    + " ON CONFLICT (sku, location) DO UPDATE SET on_hand = EXCLUDED.on_hand,"
                    + " reserved = 0, available = EXCLUDED.available")) {
      upsert.setString(1, sku);
      upsert.setString(2, plant);
      upsert.setLong(3, available);
      upsert.setLong(4, available);
      upsert.executeUpdate();
    }
  }

  /**
   * Submits one unit of {@code sku} for home delivery while the ERP cannot take it: the answer must
   * be 202 PENDING_ERP. Returns the hub order ID.
   */
  public static String submitExpectingPendingErp(String sku) {
    return given()
        .header("Authorization", BearerTokens.bearer("orders:write"))
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", "pending-erp-" + UUID.randomUUID())
        .body(order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L)))
        .when()
        .post("/api/v1/orders")
        .then()
        .statusCode(202)
        .body("status", equalTo("PENDING_ERP"))
        .extract()
        .jsonPath()
        .getString("hubOrderId");
  }

  /** A valid order body; {@code lines} maps SKU to quantity, each at 10.00 EUR. */
  public static Map<String, Object> order(
      String fulfilmentType, String soldTo, Map<String, Long> lines) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", "web");
    body.put("fulfilmentType", fulfilmentType);
    body.put("customerGoldenId", "GC-TEST-" + soldTo);
    List<Map<String, Object>> orderLines = new ArrayList<>();
    long units = 0;
    int lineNumber = 1;
    for (Map.Entry<String, Long> line : lines.entrySet()) {
      orderLines.add(
          Map.of(
              "lineNumber", lineNumber++,
              "sku", line.getKey(),
              "quantity", line.getValue(),
              "unitPrice", Map.of("amount", "10.00", "currency", "EUR"),
              "lineTotal", Map.of("amount", 10L * line.getValue() + ".00", "currency", "EUR")));
      units += line.getValue();
    }
    body.put("lines", orderLines);
    body.put("totalAmount", Map.of("amount", 10L * units + ".00", "currency", "EUR"));
    body.put("platformIds", Map.of("erp", soldTo));
    switch (fulfilmentType) {
      case "ship_to_home" ->
          body.put(
              "shippingAddress",
              Map.of(
                  "type", "shipping",
                  "line1", "Hauptstr. 1",
                  "city", "Berlin",
                  "postalCode", "10115",
                  "countryCode", "DE"));
      case "pickup_in_store" -> body.put("pickupLocation", "S002");
      case "marketplace" -> body.put("marketplaceOrderRef", "MP-" + UUID.randomUUID());
      default -> throw new IllegalArgumentException(fulfilmentType);
    }
    return body;
  }

  /** The POSTs to A_SalesOrder the ERP simulator journalled with this correlation ID. */
  static List<SimulatorServer.JournalEntry> salesOrderPosts(String correlationId) {
    return SandboxTestResource.stack().erp().journal().stream()
        .filter(entry -> entry.method().equals("POST") && entry.path().equals(SALES_ORDER_PATH))
        .filter(entry -> correlationId.equals(entry.headers().get("x-correlation-id")))
        .toList();
  }

  public Map<String, String> hubOrder(String hubOrderId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT status, erp_order_number, correlation_id, customer_notifications,"
                    + " marketplace_order_ref, fulfilment_type FROM hub_order WHERE hub_order_id = ?")) {
      select.setString(1, hubOrderId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (String column :
            List.of(
                "status",
                "erp_order_number",
                "correlation_id",
                "customer_notifications",
                "marketplace_order_ref",
                "fulfilment_type")) {
          columns.put(column, row.getString(column));
        }
        return columns;
      }
    }
  }

  /** Rows one Idempotency-Key left behind: its own row and the hub orders recorded for it. */
  public record KeyTrace(int keyRows, int orderRows) {}

  public KeyTrace keyTrace(String idempotencyKey) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT (SELECT count(*) FROM idempotency_key WHERE idempotency_key = ?),"
                    + " (SELECT count(*) FROM hub_order WHERE idempotency_key = ?)")) {
      select.setString(1, idempotencyKey);
      select.setString(2, idempotencyKey);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return new KeyTrace(row.getInt(1), row.getInt(2));
      }
    }
  }
}
