package io.retailhub.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.LinkedCustomers;
import io.retailhub.it.SalesforceUser;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.erp.ErpSimulator;
import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.SimulatorServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Orders activated in Salesforce (issue 6) through the real CometD consumer, the shared order
 * submission process, PostgreSQL, Artemis and the ERP simulator. Orders are created and activated
 * as a Salesforce user would, through the REST API.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class SalesforceOrderIntakeTest {
  private static final String DATA = "/services/data/v62.0";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Seed customers (even indexes: their Account carries the golden ID) used only here. */
  private static final AtomicInteger NEXT_CUSTOMER = new AtomicInteger(60);

  @Inject AgroalDataSource dataSource;

  private final ErpSimulator erp = SandboxTestResource.stack().erp();
  private final SalesforceSimulator salesforce = SandboxTestResource.stack().salesforce();

  private JsonNode salesforceData(String method, String path, Map<String, Object> body)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(salesforce.baseUrl() + DATA + path))
                .header("Authorization", "Bearer " + SalesforceUser.token(salesforce))
                .header("Content-Type", "application/json")
                .method(
                    method,
                    HttpRequest.BodyPublishers.ofString(
                        CanonicalJson.mapper().writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isLessThan(300);
    return response.body().isBlank() ? null : SimulatorServer.JSON.readTree(response.body());
  }

  /** A seed customer whose golden record the hub knows, linked to its ERP business partner. */
  private RetailSeed.Customer customerKnownToTheHub() throws Exception {
    RetailSeed.Customer customer =
        RetailSeed.standard().customers().get(NEXT_CUSTOMER.getAndAdd(2));
    try (Connection connection = dataSource.getConnection()) {
      LinkedCustomers.record(connection, customer, Map.of("erp", customer.erpBusinessPartner()));
    }
    return customer;
  }

  /** A draft Salesforce Order of {@code quantity} units of a new material stocked at WH01. */
  private String draftOrder(RetailSeed.Customer customer, long quantity) throws Exception {
    String sku = new OrderFixtures(dataSource).material(Map.of("WH01", 100L));
    String productId =
        salesforceData(
                "POST",
                "/sobjects/Product2",
                Map.of("Name", "order intake " + sku, "ProductCode", sku, "StockKeepingUnit", sku))
            .get("id")
            .asText();
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("AccountId", customer.salesforceAccountId());
    order.put("EffectiveDate", "2026-11-29");
    order.put("Status", "Draft");
    order.put("Type", "Web");
    order.put("Fulfilment_Type__c", "SHIP_TO_HOME");
    order.put("CurrencyIsoCode", "EUR");
    order.put("TotalAmount", 10 * quantity);
    order.put("ShippingStreet", "Keizersgracht 1");
    order.put("ShippingCity", "Amsterdam");
    order.put("ShippingPostalCode", "1015 CJ");
    order.put("ShippingCountry", "NL");
    String orderId = salesforceData("POST", "/sobjects/Order", order).get("id").asText();
    salesforceData(
        "POST",
        "/sobjects/OrderItem",
        Map.of(
            "OrderId", orderId,
            "Product2Id", productId,
            "Quantity", quantity,
            "UnitPrice", 10,
            "TotalPrice", 10 * quantity));
    return orderId;
  }

  private void activate(String orderId) throws Exception {
    salesforceData("PATCH", "/sobjects/Order/" + orderId, Map.of("Status", "Activated"));
  }

  private Map<String, Object> salesforceOrder(String orderId) {
    return salesforce.record(orderId).orElseThrow();
  }

  @Test
  void anActivatedSalesforceOrderIsCreatedInTheErpAndGetsItsNumberBack() throws Exception {
    RetailSeed.Customer customer = customerKnownToTheHub();
    String orderId = draftOrder(customer, 2);
    long createdBefore = erp.salesOrdersCreated();

    activate(orderId);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Map<String, Object> order = salesforceOrder(orderId);
              assertThat(order.get("Status")).isEqualTo("Confirmed");
              assertThat(String.valueOf(order.get("ERP_Order_Number__c"))).isNotBlank();
            });
    Map<String, Object> order = salesforceOrder(orderId);
    String hubOrderId = String.valueOf(order.get("Hub_Order_Id__c"));
    String erpNumber = String.valueOf(order.get("ERP_Order_Number__c"));
    assertThat(erp.salesOrderByPurchaseOrder(hubOrderId))
        .hasValueSatisfying(inErp -> assertThat(inErp.salesOrder()).isEqualTo(erpNumber));
    assertThat(erp.salesOrdersCreated() - createdBefore).isEqualTo(1);
    assertThat(new OrderFixtures(dataSource).hubOrder(hubOrderId))
        .containsEntry("status", "CONFIRMED")
        .containsEntry("erp_order_number", erpNumber)
        .containsEntry("fulfilment_type", "SHIP_TO_HOME");
    // the ERP create carried the correlation ID the hub started for the event
    String correlationId = new OrderFixtures(dataSource).hubOrder(hubOrderId).get("correlation_id");
    assertThat(correlationId).isNotBlank();
    assertThat(OrderFixtures.salesOrderPosts(correlationId))
        .anySatisfy(post -> assertThat(post.status()).isEqualTo(201));
    // the Order was read once and written twice (hub ID stamp, then the upsert by it)
    assertThat(
            salesforce.journal().stream()
                .filter(entry -> !entry.method().equals("GET"))
                .filter(entry -> entry.path().contains("/sobjects/Order/"))
                .filter(
                    entry ->
                        entry.path().endsWith(orderId) || entry.path().endsWith("/" + hubOrderId))
                .filter(entry -> correlationId.equals(entry.headers().get("x-correlation-id"))))
        .hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void anOrderActivatedWhileTheErpIsDownIsPendingThenCreatedOnce() throws Exception {
    RetailSeed.Customer customer = customerKnownToTheHub();
    String orderId = draftOrder(customer, 1);
    long createdBefore = erp.salesOrdersCreated();

    erp.faults().outage(true);
    String hubOrderId;
    try {
      activate(orderId);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(salesforceOrder(orderId).get("Status")).isEqualTo("Pending ERP"));
      hubOrderId = String.valueOf(salesforceOrder(orderId).get("Hub_Order_Id__c"));
      assertThat(new OrderFixtures(dataSource).hubOrder(hubOrderId))
          .containsEntry("status", "PENDING_ERP");
    } finally {
      erp.faults().outage(false);
    }

    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(new OrderFixtures(dataSource).hubOrder(hubOrderId))
                    .containsEntry("status", "CONFIRMED"));
    assertThat(erp.salesOrderByPurchaseOrder(hubOrderId)).isPresent();
    assertThat(erp.salesOrdersCreated() - createdBefore).isEqualTo(1);
  }

  /**
   * A refused activation is dead-lettered with its reason and, once the cause is fixed, replayed
   * from the ops API through {@code direct:order-salesforce-intake-replay}: one ERP order.
   */
  @Test
  void aRefusedActivationIsDeadLetteredAndCreatedOnceWhenReplayedAfterTheFix() throws Exception {
    RetailSeed.Customer customer =
        RetailSeed.standard().customers().get(NEXT_CUSTOMER.getAndAdd(2));
    try (Connection connection = dataSource.getConnection()) {
      // the golden record is known, its link to an ERP business partner is not (yet)
      LinkedCustomers.record(connection, customer, Map.of());
    }
    String orderId = draftOrder(customer, 1);
    long createdBefore = erp.salesOrdersCreated();

    activate(orderId);
    long entryId =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> deadLettersOf(orderId).stream().findFirst().orElse(0L), id -> id > 0);
    io.restassured.path.json.JsonPath parked =
        io.restassured.RestAssured.given()
            .header("Authorization", io.retailhub.it.BearerTokens.bearer("ops:read"))
            .get("/ops/v1/dead-letters/" + entryId)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(parked.getString("impact")).isEqualTo("ORDER_BLOCKING");
    assertThat(parked.getString("failureKind")).isEqualTo("business");
    assertThat(parked.getString("replayUri")).isEqualTo("direct:order-salesforce-intake-replay");
    assertThat(erp.salesOrdersCreated()).isEqualTo(createdBefore);
    // the activation can reach the hub twice (the simulator's streaming delivered it twice in a
    // run); both copies are refused and parked, the replay of one must add nothing
    int parkedBeforeReplay = deadLettersOf(orderId).size();

    try (Connection connection = dataSource.getConnection()) {
      LinkedCustomers.record(connection, customer, Map.of("erp", customer.erpBusinessPartner()));
    }
    io.restassured.RestAssured.given()
        .header(
            "Authorization",
            io.retailhub.it.BearerTokens.bearerFor("ops-erin", "ops:replay", "ops:admin"))
        .post("/ops/v1/dead-letters/" + entryId + "/replay")
        .then()
        .statusCode(202)
        .body("status", org.hamcrest.Matchers.equalTo("REPLAYED"));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(salesforceOrder(orderId).get("Status")).isEqualTo("Confirmed"));
    String hubOrderId = String.valueOf(salesforceOrder(orderId).get("Hub_Order_Id__c"));
    assertThat(erp.salesOrderByPurchaseOrder(hubOrderId)).isPresent();
    assertThat(erp.salesOrdersCreated() - createdBefore).isEqualTo(1);
    assertThat(deadLettersOf(orderId))
        .as("the replay parked nothing new")
        .hasSize(parkedBeforeReplay);
  }

  private java.util.List<Long> deadLettersOf(String salesforceOrderId) throws Exception {
    java.util.List<Long> ids = new java.util.ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id FROM dead_letter WHERE flow = 'order-salesforce-intake'"
                    + " AND position(? in convert_from(body, 'UTF8')) > 0 ORDER BY id")) {
      select.setString(1, salesforceOrderId);
      try (java.sql.ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }
}
