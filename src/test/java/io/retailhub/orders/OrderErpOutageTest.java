package io.retailhub.orders;

import static io.restassured.RestAssured.given;
import static io.retailhub.orders.OrderFixtures.knownBusinessPartner;
import static io.retailhub.orders.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.sandbox.erp.ErpSimulator;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ERP is down while orders keep coming: every caller gets 202 PENDING_ERP, the orders wait on
 * the durable queue (gauge hub_orders_pending_erp), and once the ERP is back each one is created
 * there exactly once and confirmed in hub_order with the ERP number.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class OrderErpOutageTest {
  private static final int ORDERS = 20;

  @Inject AgroalDataSource dataSource;
  @Inject MeterRegistry registry;

  private final ErpSimulator erp = SandboxTestResource.stack().erp();

  @Test
  void ordersSubmittedDuringAnOutageAreCreatedExactlyOnceWhenTheErpReturns() throws Exception {
    OrderFixtures fixtures = new OrderFixtures(dataSource);
    String sku = fixtures.material(Map.of("WH01", 1000L));
    long createdBefore = erp.salesOrdersCreated();
    Map<String, String> correlationByOrder = new LinkedHashMap<>();

    erp.faults().outage(true);
    try {
      for (int i = 0; i < ORDERS; i++) {
        String correlationId = "it-outage-" + i + "-" + UUID.randomUUID();
        JsonPath answer =
            given()
                .header("Authorization", BearerTokens.bearer("orders:write"))
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "outage-" + UUID.randomUUID())
                .header("X-Correlation-ID", correlationId)
                .body(order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L)))
                .when()
                .post("/api/v1/orders")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        assertThat(answer.getString("status")).isEqualTo("PENDING_ERP");
        correlationByOrder.put(answer.getString("hubOrderId"), correlationId);
      }
      for (String hubOrderId : correlationByOrder.keySet()) {
        assertThat(fixtures.hubOrder(hubOrderId)).containsEntry("status", "PENDING_ERP");
      }
      assertThat(registry.find("hub.orders.pending.erp").gauge().value())
          .isGreaterThanOrEqualTo(ORDERS);
      assertThat(erp.salesOrdersCreated()).isEqualTo(createdBefore);
    } finally {
      erp.faults().outage(false);
    }

    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (Map.Entry<String, String> order : correlationByOrder.entrySet()) {
                Map<String, String> row = fixtures.hubOrder(order.getKey());
                assertThat(row).containsEntry("status", "CONFIRMED");
                assertThat(erp.salesOrderByPurchaseOrder(order.getKey()))
                    .hasValueSatisfying(
                        inErp ->
                            assertThat(inErp.salesOrder()).isEqualTo(row.get("erp_order_number")));
              }
            });
    // exactly once: one ERP order per hub order, however often the queue redelivered
    assertThat(erp.salesOrdersCreated() - createdBefore).isEqualTo(ORDERS);
    // the correlation ID of each API call travelled through the queue to the ERP
    for (Map.Entry<String, String> order : correlationByOrder.entrySet()) {
      assertThat(OrderFixtures.salesOrderPosts(order.getValue()))
          .anySatisfy(post -> assertThat(post.status()).isEqualTo(201));
    }
    // and the circuit closes again: a new order is created synchronously
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                given()
                        .header("Authorization", BearerTokens.bearer("orders:write"))
                        .contentType(ContentType.JSON)
                        .header("Idempotency-Key", "after-outage-" + UUID.randomUUID())
                        .body(order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L)))
                        .when()
                        .post("/api/v1/orders")
                        .statusCode()
                    == 201);
  }

  /**
   * An ERP slower than the hub's timeout: the caller gets a clean 202 PENDING_ERP (never a 500 from
   * a late answer), and the order exists exactly once in the ERP afterwards, although the slow
   * first request may have created it there too.
   */
  @Test
  void anErpSlowerThanTheTimeoutGivesA202AndTheOrderIsCreatedOnce() throws Exception {
    OrderFixtures fixtures = new OrderFixtures(dataSource);
    String sku = fixtures.material(Map.of("WH01", 100L));
    long createdBefore = erp.salesOrdersCreated();
    String hubOrderId;
    // the test profile's hub.orders.erp-timeout is 5 s
    erp.faults().latency(Duration.ofSeconds(7));
    try {
      JsonPath answer =
          given()
              .header("Authorization", BearerTokens.bearer("orders:write"))
              .contentType(ContentType.JSON)
              .header("Idempotency-Key", "slow-erp-" + UUID.randomUUID())
              .body(order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L)))
              .when()
              .post("/api/v1/orders")
              .then()
              .statusCode(202)
              .extract()
              .jsonPath();
      assertThat(answer.getString("status")).isEqualTo("PENDING_ERP");
      hubOrderId = answer.getString("hubOrderId");
    } finally {
      erp.faults().latency(Duration.ZERO);
    }

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> assertThat(fixtures.hubOrder(hubOrderId)).containsEntry("status", "CONFIRMED"));
    assertThat(erp.salesOrderByPurchaseOrder(hubOrderId)).isPresent();
    assertThat(erp.salesOrdersCreated() - createdBefore).isEqualTo(1);
  }
}
