package io.retailhub.orders;

import static io.restassured.RestAssured.given;
import static io.retailhub.orders.OrderFixtures.knownBusinessPartner;
import static io.retailhub.orders.OrderFixtures.order;
import static io.retailhub.orders.OrderFixtures.salesOrderPosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.retailhub.api.Problems;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.sandbox.erp.ErpSimulator;
import io.retailhub.sandbox.erp.ErpSimulator.SalesOrderItemView;
import io.retailhub.sandbox.erp.ErpSimulator.SalesOrderView;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /api/v1/orders and GET /api/v1/orders/{id} against the sandbox ERP and real brokers. */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class OrderSubmissionTest {

  @Inject AgroalDataSource dataSource;
  @Inject MeterRegistry registry;

  private OrderFixtures fixtures;
  private final ErpSimulator erp = SandboxTestResource.stack().erp();

  @BeforeEach
  void fixtures() throws Exception {
    fixtures = new OrderFixtures(dataSource);
  }

  private static Response submit(Object body, String key, String correlationId) {
    var request =
        given()
            .header("Authorization", BearerTokens.bearer("orders:write"))
            .contentType(ContentType.JSON)
            .header("X-Correlation-ID", correlationId);
    if (key != null) {
      request = request.header("Idempotency-Key", key);
    }
    return request.body(body).when().post("/api/v1/orders");
  }

  private static String newKey() {
    return "key-" + UUID.randomUUID();
  }

  private double atCapacityCount() {
    return registry.find(Problems.AT_CAPACITY_METRIC).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** Sends the submissions from threads of their own, released at the same moment. */
  private static List<Response> submitTogether(List<Supplier<Response>> submissions) {
    ExecutorService threads = Executors.newCachedThreadPool();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Response>> inFlight =
          submissions.stream()
              .map(
                  submission ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              start.await();
                            } catch (InterruptedException e) {
                              throw new IllegalStateException(e);
                            }
                            return submission.get();
                          },
                          threads))
              .toList();
      start.countDown();
      return inFlight.stream().map(CompletableFuture::join).toList();
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void shipToHomeIsCreatedInTheErpFromTheWarehouseWithItsLines() throws Exception {
    String first = fixtures.material(Map.of("WH01", 20L));
    String second = fixtures.material(Map.of("WH01", 5L));
    String correlationId = "it-order-" + UUID.randomUUID();
    Map<String, Long> lines = new LinkedHashMap<>();
    lines.put(first, 3L);
    lines.put(second, 5L);

    JsonPath answer =
        submit(order("ship_to_home", knownBusinessPartner(), lines), newKey(), correlationId)
            .then()
            .statusCode(201)
            .header("X-Correlation-ID", correlationId)
            .body("status", equalTo("CONFIRMED"))
            .body("hubOrderId", startsWith("HO-"))
            .body("erpOrderNumber", notNullValue())
            .extract()
            .jsonPath();

    String hubOrderId = answer.getString("hubOrderId");
    SalesOrderView inErp = erp.salesOrderByPurchaseOrder(hubOrderId).orElseThrow();
    assertThat(inErp.salesOrder()).isEqualTo(answer.getString("erpOrderNumber"));
    assertThat(inErp.soldToParty()).isEqualTo(knownBusinessPartner());
    assertThat(inErp.items())
        .extracting(
            SalesOrderItemView::material, SalesOrderItemView::quantity, SalesOrderItemView::plant)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(first, 3L, "WH01"),
            org.assertj.core.groups.Tuple.tuple(second, 5L, "WH01"));
    // correlation: the API call's ID is on the ERP request it caused
    assertThat(salesOrderPosts(correlationId)).hasSize(1);
    assertThat(fixtures.hubOrder(hubOrderId))
        .containsEntry("status", "CONFIRMED")
        .containsEntry("erp_order_number", inErp.salesOrder())
        .containsEntry("correlation_id", correlationId)
        .containsEntry("customer_notifications", "t");

    // the read API joins the hub record with the ERP's authoritative view
    given()
        .header("Authorization", BearerTokens.bearer("orders:read"))
        .header("X-Correlation-ID", correlationId)
        .when()
        .get("/api/v1/orders/" + hubOrderId)
        .then()
        .statusCode(200)
        .body("statusSource", equalTo("erp"))
        .body("status", equalTo("CONFIRMED"))
        .body("erpOrderNumber", equalTo(inErp.salesOrder()))
        .body("lines.sku", hasItems(first, second))
        .body("lines.plant", hasItems("WH01"));
  }

  @Test
  void pickupInStoreNeedsTheStoresStockAndIsCreatedAtThatStore() throws Exception {
    // plenty in the warehouse, none at the pickup store: the store decides
    String inStore = fixtures.material(Map.of("S002", 4L, "WH01", 100L));
    String onlyInWarehouse = fixtures.material(Map.of("WH01", 100L));

    submit(
            order("pickup_in_store", knownBusinessPartner(), Map.of(onlyInWarehouse, 1L)),
            newKey(),
            "it-pickup-short")
        .then()
        .statusCode(409)
        .body("lines[0].location", equalTo("S002"))
        .body("lines[0].available", equalTo(0));

    String hubOrderId =
        submit(
                order("pickup_in_store", knownBusinessPartner(), Map.of(inStore, 4L)),
                newKey(),
                "it-pickup-" + UUID.randomUUID())
            .then()
            .statusCode(201)
            .extract()
            .path("hubOrderId");
    SalesOrderView inErp = erp.salesOrderByPurchaseOrder(hubOrderId).orElseThrow();
    assertThat(inErp.items())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.material()).isEqualTo(inStore);
              assertThat(item.plant()).isEqualTo("S002");
              assertThat(item.quantity()).isEqualTo(4L);
            });
  }

  @Test
  void marketplaceOrderKeepsItsReferenceAndSkipsCustomerNotifications() throws Exception {
    String sku = fixtures.material(Map.of("WH01", 10L));
    Map<String, Object> body = order("marketplace", knownBusinessPartner(), Map.of(sku, 2L));
    body.put("channel", "marketplace");

    String hubOrderId =
        submit(body, newKey(), "it-mp-" + UUID.randomUUID())
            .then()
            .statusCode(201)
            .extract()
            .path("hubOrderId");

    assertThat(erp.salesOrderByPurchaseOrder(hubOrderId).orElseThrow().items())
        .singleElement()
        .satisfies(item -> assertThat(item.plant()).isEqualTo("WH01"));
    assertThat(fixtures.hubOrder(hubOrderId))
        .containsEntry("customer_notifications", "f")
        .containsEntry("marketplace_order_ref", (String) body.get("marketplaceOrderRef"))
        .containsEntry("fulfilment_type", "MARKETPLACE");
    given()
        .header("Authorization", BearerTokens.bearer("orders:read"))
        .get("/api/v1/orders/" + hubOrderId)
        .then()
        .statusCode(200)
        .body("marketplaceOrderRef", equalTo(body.get("marketplaceOrderRef")))
        .body("customerNotifications", equalTo(false));
  }

  @Test
  void aRetryWithTheSameKeyAndBodyGetsTheFirstAnswerAndCreatesNothing() throws Exception {
    String sku = fixtures.material(Map.of("WH01", 10L));
    String key = newKey();
    Map<String, Object> body = order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L));
    long createdBefore = erp.salesOrdersCreated();

    String first = submit(body, key, "it-dup-1").then().statusCode(201).extract().asString();
    // the same JSON with its keys in another order is the same request
    Map<String, Object> reordered = new LinkedHashMap<>();
    List<String> keys = new java.util.ArrayList<>(body.keySet());
    java.util.Collections.reverse(keys);
    keys.forEach(name -> reordered.put(name, body.get(name)));
    String retry =
        submit(reordered, key, "it-dup-2")
            .then()
            .statusCode(201)
            .header("Idempotent-Replayed", "true")
            .extract()
            .asString();

    assertThat(retry).isEqualTo(first);
    assertThat(erp.salesOrdersCreated() - createdBefore).isEqualTo(1);
    assertThat(salesOrderPosts("it-dup-2")).isEmpty();

    Map<String, Object> otherBody = order("ship_to_home", knownBusinessPartner(), Map.of(sku, 2L));
    submit(otherBody, key, "it-dup-3")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo("https://problems.retailhub.io/idempotency-key-reused"));
    assertThat(erp.salesOrdersCreated() - createdBefore).isEqualTo(1);
  }

  @Test
  void twoConcurrentRequestsWithOneKeyCreateOneOrder() throws Exception {
    String sku = fixtures.material(Map.of("WH01", 10L));
    String key = newKey();
    Map<String, Object> body = order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L));
    long createdBefore = erp.salesOrdersCreated();
    List<Response> answers =
        submitTogether(
            List.of(() -> submit(body, key, "it-race-1"), () -> submit(body, key, "it-race-2")));

    assertThat(answers).extracting(Response::statusCode).containsOnly(201);
    assertThat(answers.get(0).asString()).isEqualTo(answers.get(1).asString());
    assertThat(erp.salesOrdersCreated() - createdBefore).isEqualTo(1);
    // the claim and the PLACED row are one statement: the loser recorded no order of its own
    assertThat(fixtures.keyTrace(key)).isEqualTo(new OrderFixtures.KeyTrace(1, 1));
  }

  /**
   * The admission limit: with the ERP slow, the submissions past {@code
   * hub.orders.max-concurrent-submissions} are answered 503 with Retry-After at once, claim no key
   * and reach no platform; retried later with the same key, each is created once.
   */
  @Test
  void pastTheAdmissionLimitASubmissionIsA503WithRetryAfterAndNothingIsDone() throws Exception {
    int limit =
        ConfigProvider.getConfig().getValue("hub.orders.max-concurrent-submissions", Integer.class);
    String sku = fixtures.material(Map.of("WH01", 100L));
    Map<String, Object> body = order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L));
    List<String> keys = new ArrayList<>();
    List<Supplier<Response>> submissions = new ArrayList<>();
    for (int i = 0; i < limit + 4; i++) {
      String key = newKey();
      keys.add(key);
      submissions.add(() -> submit(body, key, "it-admission-" + key));
    }
    double turnedAwayBefore = atCapacityCount();
    // every admitted submission holds its place for at least this long
    erp.faults().latency(Duration.ofMillis(1500));
    List<Response> answers;
    try {
      answers = submitTogether(submissions);
    } finally {
      erp.faults().latency(Duration.ZERO);
    }

    List<Integer> turnedAway = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).statusCode() == 503) {
        turnedAway.add(i);
      }
    }
    assertThat(turnedAway).hasSize(4);
    assertThat(atCapacityCount() - turnedAwayBefore).isEqualTo(4.0);
    for (int i : turnedAway) {
      Response answer = answers.get(i);
      assertThat(answer.header("Retry-After")).isEqualTo("1");
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.jsonPath().getString("type"))
          .isEqualTo("https://problems.retailhub.io/at-capacity");
      assertThat(salesOrderPosts("it-admission-" + keys.get(i))).isEmpty();
      assertThat(fixtures.keyTrace(keys.get(i))).isEqualTo(new OrderFixtures.KeyTrace(0, 0));
    }
    assertThat(answers)
        .extracting(Response::statusCode)
        .filteredOn(status -> status != 503)
        .containsOnly(201);

    for (int i : turnedAway) {
      submit(body, keys.get(i), "it-admission-retry-" + i).then().statusCode(201);
      assertThat(salesOrderPosts("it-admission-retry-" + i)).hasSize(1);
    }
  }

  @Test
  void anErpRejectionIsA422WithTheErpsReason() throws Exception {
    String sku = fixtures.material(Map.of("WH01", 10L));
    String unknownPartner = "0099" + (int) (Math.random() * 100000);
    long createdBefore = erp.salesOrdersCreated();

    String hubOrderId =
        submit(order("ship_to_home", unknownPartner, Map.of(sku, 1L)), newKey(), "it-reject")
            .then()
            .statusCode(422)
            .contentType("application/problem+json")
            .body("type", equalTo("https://problems.retailhub.io/erp-rejected"))
            .body("detail", org.hamcrest.Matchers.containsString("Customer " + unknownPartner))
            .body("detail", org.hamcrest.Matchers.containsString("V1/302"))
            .extract()
            .path("hubOrderId");

    assertThat(erp.salesOrdersCreated()).isEqualTo(createdBefore);
    assertThat(erp.salesOrderByPurchaseOrder(hubOrderId)).isEmpty();
    assertThat(fixtures.hubOrder(hubOrderId)).containsEntry("status", "REJECTED");
  }

  @Test
  void aShortLineIsA409WithRequestedAndAvailableAndTheErpIsNotCalled() throws Exception {
    String enough = fixtures.material(Map.of("WH01", 10L));
    String scarce = fixtures.material(Map.of("WH01", 2L));
    String correlationId = "it-short-" + UUID.randomUUID();
    Map<String, Long> lines = new LinkedHashMap<>();
    lines.put(enough, 1L);
    lines.put(scarce, 3L);

    String key = newKey();
    submit(order("ship_to_home", knownBusinessPartner(), lines), key, correlationId)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .header("X-Correlation-ID", correlationId)
        .body("type", equalTo("https://problems.retailhub.io/insufficient-stock"))
        .body("lines.size()", equalTo(1))
        .body("lines[0].lineNumber", equalTo(2))
        .body("lines[0].sku", equalTo(scarce))
        .body("lines[0].requested", equalTo(3))
        .body("lines[0].available", equalTo(2));

    assertThat(salesOrderPosts(correlationId)).isEmpty();
    // the key is free again and the order recorded PLACED by the claim is gone
    assertThat(fixtures.keyTrace(key)).isEqualTo(new OrderFixtures.KeyTrace(0, 0));
  }

  @Test
  void anInvalidBodyIsA400ListingEveryBadFieldAndNothingIsSent() {
    Map<String, Object> body =
        order("ship_to_home", knownBusinessPartner(), Map.of("SKU-0001", 1L));
    body.put("channel", "fax");
    body.remove("shippingAddress");
    body.put("totalAmount", Map.of("amount", "10.00", "currency", "XXQ"));
    body.put(
        "lines",
        List.of(
            Map.of(
                "lineNumber",
                1,
                "sku",
                "",
                "quantity",
                0,
                "unitPrice",
                Map.of("amount", "10.00", "currency", "EUR"),
                "lineTotal",
                Map.of("amount", "10.00", "currency", "EUR"))));
    String correlationId = "it-invalid-" + UUID.randomUUID();

    submit(body, newKey(), correlationId)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://problems.retailhub.io/invalid-order"))
        .body(
            "errors.field",
            hasItems(
                "channel",
                "totalAmount.currency",
                "lines[0].sku",
                "lines[0].quantity",
                "shippingAddress"));

    assertThat(salesOrderPosts(correlationId)).isEmpty();
  }

  @Test
  void anInvalidBodyWithAUsedKeyIsA400AndTheKeysAnswerStays() throws Exception {
    String sku = fixtures.material(Map.of("WH01", 10L));
    String key = newKey();
    Map<String, Object> body = order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L));
    String first = submit(body, key, "it-used-1").then().statusCode(201).extract().asString();
    Map<String, Object> invalid = order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L));
    invalid.put("channel", "fax");

    // validation comes before the key is claimed: the field errors, not idempotency-key-reused
    submit(invalid, key, "it-used-2")
        .then()
        .statusCode(400)
        .body("type", equalTo("https://problems.retailhub.io/invalid-order"))
        .body("errors.field", hasItems("channel"));
    String replay =
        submit(body, key, "it-used-3")
            .then()
            .statusCode(201)
            .header("Idempotent-Replayed", "true")
            .extract()
            .asString();
    assertThat(replay).isEqualTo(first);
    assertThat(fixtures.keyTrace(key)).isEqualTo(new OrderFixtures.KeyTrace(1, 1));
  }

  @Test
  void withoutAnIdempotencyKeyTheRequestIsRefused() {
    submit(order("ship_to_home", knownBusinessPartner(), Map.of("SKU-0001", 1L)), null, "it-nokey")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("Idempotency-Key"));
  }

  @Test
  void anUnknownOrderIsA404() {
    given()
        .header("Authorization", BearerTokens.bearer("orders:read"))
        .when()
        .get("/api/v1/orders/HO-does-not-exist")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
