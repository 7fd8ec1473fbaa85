package io.retailhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.events.RetailEventType;
import io.retailhub.it.DeadLetters;
import io.retailhub.it.KafkaTopics;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.sandbox.erp.ErpBusinessEvents;
import io.retailhub.sandbox.erp.ErpSimulator;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ERP webhook's batched content mode: every event of a batch is de-duplicated, published and
 * dead-lettered as a single event would be, whether the batch goes as one unit or event by event,
 * and the answer lists each one's outcome.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class InventoryWebhookBatchTest {

  @Inject AgroalDataSource dataSource;
  @Inject CamelContext camel;
  private ReadModel readModel;

  @BeforeEach
  void setUp() {
    readModel = new ReadModel(dataSource);
  }

  @Test
  void eachEventOfABatchGoesItsOwnWayAndTheAnswerListsEveryOutcomeInOrder() {
    String sku = twoNewMaterials("S001", "S002");
    String otherSku = sku + "B";

    String correlationId = "batch-" + UUID.randomUUID();
    String first = ErpWebhooks.stockEvent(UUID.randomUUID().toString(), sku, "S001", 7, 1, 2);
    String malformed = "{\"not\":\"a cloudevent\"}";
    String unknownSkuId = UUID.randomUUID().toString();
    String unknownSku =
        ErpWebhooks.stockEvent(
            unknownSkuId, "NOPE-" + unknownSkuId.substring(0, 8), "S001", 1, 0, 1);
    String second =
        ErpWebhooks.stockEvent(UUID.randomUUID().toString(), otherSku, "S002", 30, 4, 2);

    JsonPath answer =
        ErpWebhooks.postSignedBatch(
                correlationId, List.of(first, first, malformed, unknownSku, second))
            .then()
            .statusCode(202)
            .header("X-Correlation-ID", correlationId)
            .extract()
            .jsonPath();
    assertThat(answer.getList("events.outcome", String.class))
        .containsExactly("PUBLISHED", "DUPLICATE", "DEAD_LETTERED", "DEAD_LETTERED", "PUBLISHED");
    assertThat(answer.getString("events[3].eventId")).isEqualTo(unknownSkuId);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(readModel.position(sku, "S001")).containsExactly(7L, 1L, 6L, 2L);
              assertThat(readModel.position(otherSku, "S002")).containsExactly(30L, 4L, 26L, 2L);
            });
    // each record carries its event's headers and the request's correlation ID, no HTTP header
    ConsumerRecord<String, String> record =
        KafkaTopics.awaitRecord(
            "retail.inventory.position.v1",
            candidate ->
                (otherSku + "@S002").equals(candidate.key())
                    && correlationId.equals(KafkaTopics.header(candidate, "X-Correlation-ID")),
            Duration.ofSeconds(30));
    assertThat(KafkaTopics.header(record, "ce_type"))
        .isEqualTo(RetailEventType.INVENTORY_POSITION_CHANGED.type());
    assertThat(KafkaTopics.header(record, "content-type")).isEqualTo("application/json");
    assertThat(record.headers().lastHeader("Content-Type")).isNull();
    assertThat(record.headers().lastHeader(ErpBusinessEvents.SIGNATURE_HEADER)).isNull();

    List<Map<String, Object>> letters = DeadLetters.ofFlow("inventory-webhook", correlationId);
    assertThat(letters)
        .extracting(letter -> String.valueOf(letter.get("reason")))
        .hasSize(2)
        .anySatisfy(reason -> assertThat(reason).contains("malformed event"))
        .anySatisfy(reason -> assertThat(reason).contains("unknown SKU NOPE-"));

    // the sender retrying the whole batch publishes nothing twice and dead-letters nothing twice
    ErpWebhooks.postSignedBatch(correlationId, List.of(first, malformed, unknownSku, second))
        .then()
        .statusCode(202);
    assertThat(
            ErpWebhooks.postSignedBatch(correlationId, List.of(first, second))
                .then()
                .extract()
                .jsonPath()
                .getList("events.outcome", String.class))
        .containsExactly("DUPLICATE", "DUPLICATE");
    assertThat(DeadLetters.ofFlow("inventory-webhook", correlationId)).hasSize(2);
  }

  @Test
  void aBatchOfEventsThatAllMapGoesAsOneUnitEachRecordWithItsOwnTopicKeyAndHeaders() {
    String sku = twoNewMaterials("S002", "S002");
    String otherSku = sku + "B";
    long oneByOneBefore = exchangesOf("inventory-webhook-batch-one-by-one");
    long unitsBefore = exchangesOf("inventory-webhook-batch");

    String correlationId = "batch-" + UUID.randomUUID();
    String first = ErpWebhooks.stockEvent(UUID.randomUUID().toString(), sku, "S002", 12, 2, 2);
    String productId = UUID.randomUUID().toString();
    String product =
        "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"%s\",\"type\":\"%s\",\"subject\":\"%s\",\"data\":{\"Product\":\"%s\"}}"
            .formatted(
                productId,
                ErpBusinessEvents.SOURCE,
                "sap.s4.beh.product.v1.Product.Changed.v1",
                sku,
                sku);
    String second = ErpWebhooks.stockEvent(UUID.randomUUID().toString(), otherSku, "S002", 5, 0, 2);

    assertThat(
            ErpWebhooks.postSignedBatch(correlationId, List.of(first, product, first, second))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getList("events.outcome", String.class))
        .containsExactly("PUBLISHED", "FORWARDED", "DUPLICATE", "PUBLISHED");
    assertThat(exchangesOf("inventory-webhook-batch")).isEqualTo(unitsBefore + 1);
    assertThat(exchangesOf("inventory-webhook-batch-one-by-one")).isEqualTo(oneByOneBefore);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(readModel.position(sku, "S002")).containsExactly(12L, 2L, 10L, 2L);
              assertThat(readModel.position(otherSku, "S002")).containsExactly(5L, 0L, 5L, 2L);
            });
    ConsumerRecord<String, String> forwarded =
        KafkaTopics.awaitRecord(
            "retail.erp.events.v1",
            candidate -> sku.equals(candidate.key()) && candidate.value().contains(productId),
            Duration.ofSeconds(30));
    assertThat(KafkaTopics.header(forwarded, "ce_id")).isEqualTo(productId);
    assertThat(KafkaTopics.header(forwarded, "X-Correlation-ID")).isEqualTo(correlationId);
    assertThat(forwarded.headers().lastHeader(ErpBusinessEvents.SIGNATURE_HEADER)).isNull();
    ConsumerRecord<String, String> stock =
        KafkaTopics.awaitRecord(
            "retail.inventory.position.v1",
            candidate ->
                (sku + "@S002").equals(candidate.key())
                    && correlationId.equals(KafkaTopics.header(candidate, "X-Correlation-ID")),
            Duration.ofSeconds(30));
    assertThat(KafkaTopics.header(stock, "ce_type"))
        .isEqualTo(RetailEventType.INVENTORY_POSITION_CHANGED.type());
    assertThat(stock.headers().lastHeader("kafka.OVERRIDE_TOPIC")).isNull();

    // the ids were recorded with the unit: a retry of the batch, or of one event alone, publishes
    // nothing again
    assertThat(
            ErpWebhooks.postSignedBatch(correlationId, List.of(second, product, first))
                .then()
                .extract()
                .jsonPath()
                .getList("events.outcome", String.class))
        .containsExactly("DUPLICATE", "DUPLICATE", "DUPLICATE");
    ErpWebhooks.postSigned(second).then().statusCode(202).body("outcome", Matchers.is("DUPLICATE"));
  }

  @Test
  void aBatchBodyThatIsNotAnArrayIsDeadLetteredWholeAndAnEmptyBatchDoesNothing() {
    String correlationId = "batch-" + UUID.randomUUID();
    ErpWebhooks.postSignedBatch(correlationId, "[]")
        .then()
        .statusCode(202)
        .body("events", Matchers.empty());
    assertThat(DeadLetters.ofFlow("inventory-webhook", correlationId)).isEmpty();

    ErpWebhooks.postSignedBatch(correlationId, "{\"events\":\"" + correlationId + "\"}")
        .then()
        .statusCode(202)
        .body("events.outcome", Matchers.contains("DEAD_LETTERED"));
    assertThat(DeadLetters.ofFlow("inventory-webhook", correlationId))
        .singleElement()
        .satisfies(letter -> assertThat(letter.get("reason")).asString().contains("malformed"));
  }

  @Test
  void theFirstEventThatFailsStopsTheBatchWhichIsRetriedWholeWithoutLosingOrRepeatingAnEvent() {
    String sku = twoNewMaterials("S003", "S003");
    String otherSku = sku + "B";
    String correlationId = "batch-" + UUID.randomUUID();
    String first = ErpWebhooks.stockEvent(UUID.randomUUID().toString(), sku, "S003", 11, 0, 2);
    // a SKU the hub has not seen is looked up in the ERP, which is down: that event fails
    String unseenSku =
        ErpWebhooks.stockEvent(UUID.randomUUID().toString(), "NEW-" + sku, "S003", 1, 0, 1);
    String last = ErpWebhooks.stockEvent(UUID.randomUUID().toString(), otherSku, "S003", 21, 0, 2);
    List<String> batch = List.of(first, unseenSku, last);

    SandboxTestResource.stack().erp().faults().outage(true);
    try {
      ErpWebhooks.postSignedBatch(correlationId, batch)
          .then()
          .statusCode(503)
          .contentType("application/problem+json");
    } finally {
      SandboxTestResource.stack().erp().faults().outage(false);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(readModel.position(sku, "S003")).containsExactly(11L, 0L, 11L, 2L));
    assertThat(readModel.position(otherSku, "S003")).containsExactly(20L, 0L, 20L, 1L);

    assertThat(
            ErpWebhooks.postSignedBatch(correlationId, batch)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getList("events.outcome", String.class))
        .containsExactly("DUPLICATE", "DEAD_LETTERED", "PUBLISHED");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(readModel.position(otherSku, "S003")).containsExactly(21L, 0L, 21L, 2L));
  }

  @Test
  void anErpThatDeliversItsBacklogInBatchesEndsWithItsOwnFinalPositions() {
    String sku = twoNewMaterials("S004", "S004");
    ErpSimulator erp = SandboxTestResource.stack().erp();
    Map<String, Long> before = erp.webhookStats();
    erp.eventsPerWebhook(25);
    try {
      StringBuilder movements = new StringBuilder("[");
      for (int i = 0; i < 100; i++) {
        movements.append(i == 0 ? "" : ",");
        movements.append(
            "{\"material\":\"%s\",\"plant\":\"S004\",\"onHandDelta\":%d,\"reservedDelta\":%d}"
                .formatted(i % 2 == 0 ? sku : sku + "B", 1 + i % 3, i % 2));
      }
      ErpWebhooks.admin("/__admin/stock/movements", movements.append("]").toString());

      readModel.awaitTheErpPosition(sku, "S004");
      readModel.awaitTheErpPosition(sku + "B", "S004");
      // the newest position can arrive before an older event's delivery has been answered
      Map<String, Long> after =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  erp::webhookStats,
                  stats -> stats.get("delivered") - before.get("delivered") >= 100);
      long events = after.get("delivered") - before.get("delivered");
      long requests = after.get("attempts") - before.get("attempts");
      assertThat(requests).as("webhook requests for %d events", events).isLessThan(events);
    } finally {
      erp.eventsPerWebhook(1);
    }
  }

  private long exchangesOf(String routeId) {
    return camel
        .getCamelContextExtension()
        .getContextPlugin(ManagedCamelContext.class)
        .getManagedRoute(routeId)
        .getExchangesTotal();
  }

  /**
   * Creates {@code sku} with 10 on hand at {@code plant} and {@code sku + "B"} with 20 at {@code
   * otherPlant} in the ERP, and returns {@code sku} once the read model holds both at sequence 1.
   */
  private String twoNewMaterials(String plant, String otherPlant) {
    String sku = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(sku, plant, 10);
    ErpWebhooks.createMaterial(sku + "B", otherPlant, 20);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                readModel.position(sku, plant) != null
                    && readModel.position(sku + "B", otherPlant) != null);
    return sku;
  }
}
