package io.retailhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inventory pipeline on the real servers: ERP webhook -> Kafka -> read model, with duplicates
 * and shuffled order, plus reconciliation of an injected drift.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class InventoryPipelineTest {

  @Inject AgroalDataSource dataSource;
  @Inject MeterRegistry meters;
  private ReadModel readModel;

  @BeforeEach
  void setUp() {
    readModel = new ReadModel(dataSource);
  }

  @Test
  void erpMovementsEndWithTheErpFinalPositions() {
    String sku = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(sku, "S001", 100);
    ErpWebhooks.createMaterial(sku + "B", "S002", 50);
    // 40 movements on two keys; the ERP delivers its webhooks on 4 threads, so they arrive shuffled
    StringBuilder movements = new StringBuilder("[");
    Random random = new Random(42);
    for (int i = 0; i < 40; i++) {
      String material = i % 2 == 0 ? sku : sku + "B";
      String plant = i % 2 == 0 ? "S001" : "S002";
      movements.append(i == 0 ? "" : ",");
      movements.append(
          "{\"material\":\"%s\",\"plant\":\"%s\",\"onHandDelta\":%d,\"reservedDelta\":%d}"
              .formatted(material, plant, random.nextInt(5), random.nextInt(2)));
    }
    ErpWebhooks.admin("/__admin/stock/movements", movements.append("]").toString());

    readModel.awaitTheErpPosition(sku, "S001");
    readModel.awaitTheErpPosition(sku + "B", "S002");
  }

  @Test
  void duplicatesAndOutOfOrderEventsNeverOverwriteTheNewestPosition() {
    String sku = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(sku, "S003", 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> readModel.position(sku, "S003") != null);
    double staleBefore = counter("stale");

    // sequences 2..21 (the ERP's own event was sequence 1), every third one sent twice, shuffled
    List<String> bodies = new ArrayList<>();
    for (int sequence = 2; sequence <= 21; sequence++) {
      String body =
          ErpWebhooks.stockEvent(
              UUID.randomUUID().toString(), sku, "S003", 10L * sequence, sequence, sequence);
      bodies.add(body);
      if (sequence % 3 == 0) {
        bodies.add(body);
      }
    }
    Collections.shuffle(bodies, new Random(7));
    int duplicates = 0;
    for (String body : bodies) {
      String outcome =
          ErpWebhooks.postSigned(body).then().statusCode(202).extract().path("outcome");
      duplicates += "DUPLICATE".equals(outcome) ? 1 : 0;
    }
    assertThat(duplicates).isEqualTo(bodies.size() - 20);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(readModel.position(sku, "S003")).containsExactly(210L, 21L, 189L, 21L));
    // every event published after the newest one applied is counted as stale, never applied
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(counter("stale")).isGreaterThan(staleBefore));
  }

  @Test
  void reconciliationFindsAndCorrectsAnInjectedDrift() {
    String sku = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(sku, "S004", 25);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(readModel.position(sku, "S004")).containsExactly(25L, 0L, 25L, 1L));

    readModel.execute(
        "UPDATE inventory_position SET on_hand = 99, available = 99 WHERE sku = ? AND location = ?",
        sku,
        "S004");

    String operator = "ops-reconciler-" + UUID.randomUUID().toString().substring(0, 8);
    String correlationId = "it-reconciliation-" + UUID.randomUUID();
    int drifted =
        RestAssured.given()
            .header("Authorization", BearerTokens.bearerFor(operator, "ops:admin"))
            .header("X-Correlation-ID", correlationId)
            .when()
            .post("/ops/v1/inventory/reconciliation")
            .then()
            .statusCode(200)
            .body("checked", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
            .extract()
            .path("drifted");
    assertThat(drifted).isGreaterThanOrEqualTo(1);
    // the ops action is audited: who, the outcome with its counts, the caller's correlation ID
    List<java.util.Map<String, Object>> audit =
        RestAssured.given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .queryParam("entityKey", "inventory-reconciliation")
            .get("/ops/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");
    assertThat(audit)
        .filteredOn(item -> correlationId.equals(item.get("correlationId")))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.get("actor")).isEqualTo(operator);
              assertThat(item.get("action")).isEqualTo("inventory.reconciliation.run");
              assertThat(item.get("outcome")).isEqualTo("ok");
              assertThat(String.valueOf(item.get("detail"))).contains("\"drifted\":" + drifted);
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(readModel.position(sku, "S004")).containsExactly(25L, 0L, 25L, 1L));

    // a second run right after finds this position in line with the ERP
    RestAssured.given()
        .header("Authorization", BearerTokens.bearer("ops:admin"))
        .when()
        .post("/ops/v1/inventory/reconciliation")
        .then()
        .statusCode(200)
        .body("checked", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    assertThat(readModel.position(sku, "S004")).containsExactly(25L, 0L, 25L, 1L);
  }

  @Test
  void aWebhookWithoutAValidSignatureIsRefused() {
    String body = ErpWebhooks.stockEvent(UUID.randomUUID().toString(), "SKU-0001", "S001", 1, 0, 1);
    double before = rejected();
    ErpWebhooks.post(body, java.util.Map.of())
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("status", equalTo(401));
    java.util.Map<String, String> signed =
        io.retailhub.sandbox.erp.ErpBusinessEvents.sign(
            ErpWebhooks.secret(), body, java.time.Clock.systemUTC());
    ErpWebhooks.post(body.replace("\"1.000\"", "\"9.000\""), signed).then().statusCode(401);
    java.util.Map<String, String> stale =
        io.retailhub.sandbox.erp.ErpBusinessEvents.sign(
            ErpWebhooks.secret(),
            body,
            java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-6)));
    ErpWebhooks.post(body, stale).then().statusCode(401);
    assertThat(rejected() - before).isEqualTo(3.0);
  }

  private double counter(String outcome) {
    Counter counter = meters.find("hub.inventory.events").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private double rejected() {
    return meters.find("hub.webhook.rejected").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
