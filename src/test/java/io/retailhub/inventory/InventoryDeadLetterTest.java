package io.retailhub.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.DeadLetters;
import io.retailhub.it.KafkaTopics;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.erp.ErpBusinessEvents;
import io.retailhub.sandbox.stack.ArtemisBroker;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Poison ERP events (malformed, unmappable, unknown SKU) land on the flow's dead-letter queue with
 * their reason, are answered 2xx so the ERP stops retrying, and nothing else stops.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class InventoryDeadLetterTest {

  /** quarkus.http.limits.max-body-size; Kafka's max.request.size is the same 1 MiB. */
  private static final int HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  @Inject AgroalDataSource dataSource;

  @Test
  void poisonEventsAreDeadLetteredWithTheirReasonAndTheFlowGoesOn() throws Exception {
    String marker = UUID.randomUUID().toString();
    String malformed = "{\"not\":\"a cloudevent\",\"marker\":\"" + marker + "\"}";
    String unknownSkuId = "unknown-" + marker;
    String unknownSku =
        ErpWebhooks.stockEvent(unknownSkuId, "NOPE-" + marker.substring(0, 8), "S001", 5, 0, 1);
    String negativeId = "negative-" + marker;
    String negative = ErpWebhooks.stockEvent(negativeId, "SKU-0001", "S001", -1, 0, 1);

    ErpWebhooks.postSigned(malformed)
        .then()
        .statusCode(202)
        .body("outcome", equalTo("DEAD_LETTERED"));
    ErpWebhooks.postSigned(unknownSku)
        .then()
        .statusCode(202)
        .body("outcome", equalTo("DEAD_LETTERED"));
    ErpWebhooks.postSigned(negative)
        .then()
        .statusCode(202)
        .body("outcome", equalTo("DEAD_LETTERED"));
    // the ERP retrying the same poison message is recognised, not dead-lettered twice
    ErpWebhooks.postSigned(unknownSku).then().statusCode(202).body("outcome", equalTo("DUPLICATE"));

    List<TextMessage> letters = new ArrayList<>();
    ActiveMQConnectionFactory factory =
        new ActiveMQConnectionFactory(
            SandboxTestResource.stack().artemis().url(),
            ArtemisBroker.USER,
            SandboxTestResource.stack().hubConfig().get("hub.artemis.password"));
    try (Connection connection = factory.createConnection()) {
      connection.start();
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer consumer =
          session.createConsumer(session.createQueue("DLQ.inventory-webhook"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                Message received = consumer.receive(200);
                if (received instanceof TextMessage text && text.getText().contains(marker)) {
                  letters.add(text);
                }
                return letters.size() >= 3;
              });
    }
    assertThat(letters).hasSize(3);
    assertThat(reasonOf(letters, "\"marker\"")).startsWith("malformed event");
    assertThat(reasonOf(letters, unknownSkuId)).contains("unknown SKU NOPE-");
    assertThat(reasonOf(letters, negativeId)).startsWith("unmappable stock event");

    // nothing else stopped: a good event right after still reaches the read model
    String sku = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(sku, "WH01", 3);
    ReadModel readModel = new ReadModel(dataSource);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(readModel.position(sku, "WH01")).containsExactly(3L, 0L, 3L, 1L));
  }

  /**
   * Within the hub's 1 MiB body limit but, with its record headers, over Kafka's 1 MiB request
   * limit: the send can never succeed. A 503 would have the ERP resend it without end.
   */
  @Test
  void anEventTooLargeForKafkaIsDeadLetteredWithItsReasonInsteadOfAnEndless503() {
    String correlationId = "too-large-" + UUID.randomUUID();
    ObjectNode event = CanonicalJson.mapper().createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", correlationId);
    event.put("source", ErpBusinessEvents.SOURCE);
    event.put("type", "sap.s4.beh.product.v1.Product.Changed.v1");
    event.put("subject", "SKU-0001");
    event.put("datacontenttype", "application/json");
    event.putObject("data").put("LongText", "");
    int padding = HTTP_BODY_LIMIT_BYTES - 16 - event.toString().length();
    ((ObjectNode) event.get("data")).put("LongText", "x".repeat(padding));
    String body = event.toString();
    assertThat(body.length()).isBetween(HTTP_BODY_LIMIT_BYTES - 16, HTTP_BODY_LIMIT_BYTES);
    Map<String, String> headers =
        new HashMap<>(ErpBusinessEvents.sign(ErpWebhooks.secret(), body, Clock.systemUTC()));
    headers.put("X-Correlation-ID", correlationId);

    ErpWebhooks.post(body, headers)
        .then()
        .statusCode(202)
        .body("outcome", equalTo("DEAD_LETTERED"));

    assertThat(DeadLetters.ofFlow("inventory-webhook", correlationId))
        .singleElement()
        .satisfies(
            letter ->
                assertThat(letter.get("reason")).asString().contains("RecordTooLargeException"));
  }

  @Test
  void aDeadLetteredEventForAnUnknownSkuIsReplayedOnceTheErpKnowsTheSku() {
    String sku = ErpWebhooks.freshMaterial();
    String eventId = "early-" + UUID.randomUUID();
    // the ERP announced stock of a material before the hub could learn about it
    ErpWebhooks.postSigned(ErpWebhooks.stockEvent(eventId, sku, "S001", 7, 2, 5))
        .then()
        .statusCode(202)
        .body("outcome", equalTo("DEAD_LETTERED"));
    long id =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> openDeadLetterWithBody(eventId), java.util.Optional::isPresent)
            .orElseThrow();
    given()
        .header("Authorization", BearerTokens.bearer("ops:read"))
        .when()
        .get("/ops/v1/dead-letters/" + id)
        .then()
        .statusCode(200)
        .body("flow", equalTo("inventory-webhook"))
        .body("failureKind", equalTo("business"))
        .body("exceptionMessage", containsString("unknown SKU " + sku));

    ErpWebhooks.createMaterial(sku, "WH01", 3);
    given()
        .header("Authorization", BearerTokens.bearerFor("ops-tester", "ops:replay", "ops:admin"))
        .when()
        .post("/ops/v1/dead-letters/" + id + "/replay")
        .then()
        .statusCode(202)
        .body("status", equalTo("REPLAYED"));

    ReadModel readModel = new ReadModel(dataSource);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(readModel.position(sku, "S001")).containsExactly(7L, 2L, 5L, 5L));
  }

  @Test
  void aPoisonRecordOnThePositionTopicIsDeadLetteredAloneAndTheRestOfItsPollIsApplied()
      throws Exception {
    String marker = UUID.randomUUID().toString().substring(0, 8);
    String before = "RM-A-" + marker;
    String after = "RM-B-" + marker;
    try (KafkaProducer<String, String> producer = KafkaTopics.producer()) {
      producer.send(position(before, 9, 4, 5, 1));
      // available must be onHand - reserved: the read model cannot store this one
      producer.send(position("RM-POISON-" + marker, 9, 4, 7, 1));
      producer.send(position(after, 6, 1, 5, 2));
      producer.flush();
    }

    ReadModel readModel = new ReadModel(dataSource);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(readModel.position(before, "WH01")).containsExactly(9L, 4L, 5L, 1L);
              assertThat(readModel.position(after, "WH01")).containsExactly(6L, 1L, 5L, 2L);
            });
    long id =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> openDeadLetterWithBody("inventory-read-model", "RM-POISON-" + marker),
                java.util.Optional::isPresent)
            .orElseThrow();
    given()
        .header("Authorization", BearerTokens.bearer("ops:read"))
        .when()
        .get("/ops/v1/dead-letters/" + id)
        .then()
        .statusCode(200)
        .body("failureKind", equalTo("business"))
        .body("exceptionMessage", containsString("available"));
    assertThat(readModel.position("RM-POISON-" + marker, "WH01")).isNull();
  }

  private static ProducerRecord<String, String> position(
      String sku, long onHand, long reserved, long available, long sequence) {
    String body =
        String.format(
            "{\"sku\":\"%s\",\"location\":\"WH01\",\"onHand\":%d,\"reserved\":%d,"
                + "\"available\":%d,\"asOf\":\"2026-11-29T10:00:00Z\",\"sourceSequence\":%d}",
            sku, onHand, reserved, available, sequence);
    ProducerRecord<String, String> record =
        new ProducerRecord<>("retail.inventory.position.v1", sku + "@WH01", body);
    record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    return record;
  }

  private static java.util.Optional<Long> openDeadLetterWithBody(String text) {
    return openDeadLetterWithBody("inventory-webhook", text);
  }

  private static java.util.Optional<Long> openDeadLetterWithBody(String flow, String text) {
    List<Map<String, Object>> items =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .queryParam("flow", flow)
            .when()
            .get("/ops/v1/dead-letters")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");
    for (Map<String, Object> item : items) {
      long id = ((Number) item.get("id")).longValue();
      String body =
          given()
              .header("Authorization", BearerTokens.bearer("ops:read"))
              .when()
              .get("/ops/v1/dead-letters/" + id)
              .then()
              .extract()
              .asString();
      if (body.contains(text) && "OPEN".equals(item.get("status"))) {
        return java.util.Optional.of(id);
      }
    }
    return java.util.Optional.empty();
  }

  private static String reasonOf(List<TextMessage> letters, String bodyContains) throws Exception {
    for (TextMessage letter : letters) {
      if (letter.getText().contains(bodyContains)) {
        return letter.getStringProperty("HubExceptionMessage");
      }
    }
    throw new AssertionError("no dead letter containing " + bodyContains);
  }
}
