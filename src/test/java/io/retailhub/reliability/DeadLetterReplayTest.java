package io.retailhub.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.DeadLetters;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.sandbox.stack.ArtemisBroker;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The error policy, dead letters and replay on real Artemis and PostgreSQL, through the test-only
 * {@code reliability-probe} flow and the real {@code proof-of-life} flow.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class DeadLetterReplayTest {

  // camel-jms encodes '-' in header names as _HYPHEN_ (JMS property names are Java identifiers)
  static final String CORRELATION_PROPERTY = "X_HYPHEN_Correlation_HYPHEN_ID";
  private static final String ACTOR = "ops-alice";

  @Inject ProbeTarget target;

  @Inject org.apache.camel.CamelContext camel;

  @Test
  void poisonMessageIsDeadLetteredWithItsReasonAndDeliveredAfterTheCauseIsFixedAndReplayed()
      throws Exception {
    String key = UUID.randomUUID().toString();
    String sku = "SKU-NEW-" + key.substring(0, 8);
    String correlationId = "it-poison-" + key;
    sendJms(
        "test.reliability.probe",
        "{\"key\":\"" + key + "\",\"sku\":\"" + sku + "\",\"email\":\"jane.doe@example.com\"}",
        correlationId);

    JsonPath entry = awaitDeadLetter("reliability-probe", correlationId);
    long id = entry.getLong("id");
    assertThat(entry.getString("failureKind")).isEqualTo("business");
    assertThat(entry.getString("impact")).isEqualTo("ORDER_BLOCKING");
    assertThat(entry.getString("exceptionClass"))
        .isEqualTo("io.retailhub.ops.deadletter.BusinessRuleViolation");
    assertThat(entry.getString("reason")).contains(sku);
    assertThat(entry.getInt("attempts")).isEqualTo(1);
    assertThat(entry.getString("routeId")).isEqualTo("reliability-probe-consume");
    assertThat(target.attempts(key)).as("a business failure is never retried").isEqualTo(1);

    // the durable copy on DLQ.<flow>, read with a plain JMS client
    Message parked = browseDeadLetterQueue("DLQ.reliability-probe", id);
    assertThat(parked).isNotNull();
    assertThat(parked.getStringProperty("HubExceptionClass"))
        .isEqualTo("io.retailhub.ops.deadletter.BusinessRuleViolation");
    assertThat(parked.getStringProperty("HubImpact")).isEqualTo("order_blocking");
    assertThat(parked.getJMSCorrelationID()).isEqualTo(correlationId);
    assertThat(((TextMessage) parked).getText()).contains(sku);
    // the failing step by its node id, the consumed message's identity, its original headers
    String deliverStep =
        camel
            .getCamelContextExtension()
            .getContextPlugin(org.apache.camel.model.Model.class)
            .getRouteDefinition("reliability-probe-consume")
            .getOutputs()
            .stream()
            // the route's own step, not the onException its route configuration adds
            .filter(step -> step instanceof org.apache.camel.model.BeanDefinition)
            .findFirst()
            .orElseThrow()
            .getId();
    assertThat(parked.getStringProperty("HubFailedNodeId")).isEqualTo(deliverStep);
    assertThat(parked.getStringProperty("HubSourceKey")).startsWith("jms:ID:");
    Map<String, String> originalHeaders =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(
                parked.getStringProperty("HubOriginalHeaders"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
    assertThat(originalHeaders)
        .containsEntry("X-Correlation-ID", correlationId)
        .containsKey("JMSMessageID");

    // one entry, PII masked, headers kept
    JsonPath detail =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .when()
            .get("/ops/v1/dead-letters/" + id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(detail.getString("body.email")).isEqualTo("***@example.com");
    assertThat(detail.getString("body.sku")).isEqualTo(sku);
    assertThat(detail.getString("correlationId")).isEqualTo(correlationId);

    // fix the cause, replay: delivered once, entry marked replayed, audited
    target.addSku(sku);
    given()
        .header("Authorization", BearerTokens.bearerFor(ACTOR, "ops:replay", "ops:admin"))
        .when()
        .post("/ops/v1/dead-letters/" + id + "/replay")
        .then()
        .statusCode(202)
        .body("status", equalTo("REPLAYED"));
    await().atMost(Duration.ofSeconds(30)).until(() -> target.delivered(key) == 1);
    given()
        .header("Authorization", BearerTokens.bearer("ops:read"))
        .when()
        .get("/ops/v1/dead-letters/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("REPLAYED"))
        .body("resolvedBy", equalTo(ACTOR));
    // fault test 4's counts: one poison message, parked once, replayed once, delivered once
    long parkedEntries =
        deadLetters("reliability-probe").stream()
            .filter(e -> correlationId.equals(e.get("correlationId")))
            .count();
    System.out.printf(
        "poison-test: sent=1, delivered=%d, dead-lettered=%d, replayed=1, lost=%d, duplicated=%d,"
            + " attempts=%d%n",
        target.delivered(key),
        parkedEntries,
        1 - target.delivered(key),
        Math.max(0, target.delivered(key) - 1),
        target.attempts(key));
    assertThat(parkedEntries).isEqualTo(1);
    assertThat(target.attempts(key)).as("the poison attempt and the replay").isEqualTo(2);
    List<Map<String, Object>> audit = auditOf(id);
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0))
        .containsEntry("actor", ACTOR)
        .containsEntry("action", "dead-letter.replay")
        .containsEntry("outcome", "SUBMITTED")
        .containsEntry("correlationId", correlationId)
        .containsEntry("detail", null);
    // a second replay of the same entry is refused: it is no longer open
    given()
        .header("Authorization", BearerTokens.bearerFor(ACTOR, "ops:replay", "ops:admin"))
        .when()
        .post("/ops/v1/dead-letters/" + id + "/replay")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void aReplayThatFailsAgainReturnsToTheDeadLettersWithItsAttemptHistory() throws Exception {
    String key = UUID.randomUUID().toString();
    String correlationId = "it-refail-" + key;
    sendJms(
        "test.reliability.probe", "{\"key\":\"" + key + "\",\"sku\":\"SKU-NEVER\"}", correlationId);
    long first = awaitDeadLetter("reliability-probe", correlationId).getLong("id");

    given()
        .header("Authorization", BearerTokens.bearerFor(ACTOR, "ops:replay", "ops:admin"))
        .when()
        .post("/ops/v1/dead-letters/" + first + "/replay")
        .then()
        .statusCode(202);

    long second =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    deadLetters("reliability-probe").stream()
                        .filter(e -> correlationId.equals(e.get("correlationId")))
                        .filter(e -> e.get("replayOf") != null)
                        .map(e -> ((Number) e.get("id")).longValue())
                        .findFirst()
                        .orElse(0L),
                id -> id > 0);
    JsonPath again =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .when()
            .get("/ops/v1/dead-letters/" + second)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(again.getString("status")).isEqualTo("OPEN");
    assertThat(again.getLong("replayOf")).isEqualTo(first);
    assertThat(again.getList("previousAttempts.id", Long.class)).containsExactly(first);
    assertThat(target.attempts(key)).isEqualTo(2);
    given()
        .header("Authorization", BearerTokens.bearer("ops:read"))
        .when()
        .get("/ops/v1/dead-letters/" + first)
        .then()
        .body("supersededBy", equalTo((int) second))
        .body("replayOutcome", equalTo("FAILED"));
  }

  @Test
  void discardRequiresAReasonAndIsAudited() throws Exception {
    String key = UUID.randomUUID().toString();
    String correlationId = "it-discard-" + key;
    sendJms(
        "test.reliability.probe", "{\"key\":\"" + key + "\",\"sku\":\"SKU-GONE\"}", correlationId);
    long id = awaitDeadLetter("reliability-probe", correlationId).getLong("id");

    given()
        .header("Authorization", BearerTokens.bearerFor(ACTOR, "ops:replay", "ops:admin"))
        .when()
        .delete("/ops/v1/dead-letters/" + id)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400));
    given()
        .when()
        .queryParam("reason", "test data")
        .delete("/ops/v1/dead-letters/" + id)
        .then()
        .statusCode(401);
    given()
        .header("Authorization", BearerTokens.bearerFor(ACTOR, "ops:replay", "ops:admin"))
        .queryParam("reason", "SKU withdrawn from the range")
        .when()
        .delete("/ops/v1/dead-letters/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("DISCARDED"))
        .body("discardReason", equalTo("SKU withdrawn from the range"));

    List<Map<String, Object>> audit = auditOf(id);
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0))
        .containsEntry("action", "dead-letter.discard")
        .containsEntry("outcome", "DISCARDED")
        .containsEntry("actor", ACTOR)
        .containsEntry("detail", "SKU withdrawn from the range");
  }

  @Test
  void aTransientFailureIsRetriedAndThenDelivered() throws Exception {
    String key = UUID.randomUUID().toString();
    String correlationId = "it-transient-" + key;
    sendJms(
        "test.reliability.probe",
        "{\"key\":\"" + key + "\",\"sku\":\"SKU-0001\",\"timeouts\":2}",
        correlationId);

    await().atMost(Duration.ofSeconds(30)).until(() -> target.delivered(key) == 1);
    assertThat(target.attempts(key)).isEqualTo(3);
    assertThat(deadLetters("reliability-probe"))
        .noneMatch(e -> correlationId.equals(e.get("correlationId")));
  }

  @Test
  void aTransientFailureBeyondTheFlowsBoundIsDeadLetteredAsTransient() throws Exception {
    String key = UUID.randomUUID().toString();
    String correlationId = "it-exhausted-" + key;
    sendJms(
        "test.reliability.probe",
        "{\"key\":\"" + key + "\",\"sku\":\"SKU-0001\",\"timeouts\":100}",
        correlationId);

    JsonPath entry = awaitDeadLetter("reliability-probe", correlationId);
    // hub.flows.reliability-probe.max-redeliveries=3: the first attempt plus three redeliveries
    assertThat(entry.getInt("attempts")).isEqualTo(4);
    assertThat(target.attempts(key)).isEqualTo(4);
    assertThat(entry.getString("failureKind")).isEqualTo("transient");
    assertThat(entry.getString("exceptionClass")).isEqualTo("java.net.SocketTimeoutException");

    String metrics =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .when()
            .get(management("/q/metrics"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(metrics)
        .contains("hub_flow_messages_total{flow=\"reliability-probe\",outcome=\"dead_lettered\"}")
        .contains("hub_flow_messages_total{flow=\"reliability-probe\",outcome=\"in\"}")
        .containsPattern(
            "hub_dead_letters\\{flow=\"reliability-probe\",impact=\"order_blocking\"} [1-9]");
  }

  @Test
  void aPoisonHeartbeatIsDeadLetteredOnTheProofOfLifeFlow() throws Exception {
    String heartbeatId = UUID.randomUUID().toString();
    String correlationId = "it-pol-" + heartbeatId;
    sendJms(
        "hub.heartbeat.record",
        "{\"heartbeatId\":\"" + heartbeatId + "\",\"receivedAt\":\"not-a-time\"}",
        correlationId);

    JsonPath entry = awaitDeadLetter("proof-of-life", correlationId);
    assertThat(entry.getString("failureKind"))
        .as("SQLState 22007 is a data error")
        .isEqualTo("business");
    assertThat(entry.getInt("attempts")).isEqualTo(1);
    assertThat(entry.getString("replayUri")).isEqualTo("jms:queue:hub.heartbeat.record");
    assertThat(entry.getString("impact")).isEqualTo("DEFERRABLE");
    assertThat(browseDeadLetterQueue("DLQ.proof-of-life", entry.getLong("id"))).isNotNull();
  }

  // --- helpers ------------------------------------------------------------------------------

  static JsonPath awaitDeadLetter(String flow, String correlationId) {
    Map<String, Object> found =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    deadLetters(flow).stream()
                        .filter(e -> correlationId.equals(e.get("correlationId")))
                        .findFirst()
                        .orElse(null),
                e -> e != null);
    return DeadLetters.entry(((Number) found.get("id")).longValue());
  }

  static List<Map<String, Object>> deadLetters(String flow) {
    return DeadLetters.ofFlow(flow);
  }

  static List<Map<String, Object>> auditOf(long id) {
    return given()
        .header("Authorization", BearerTokens.bearer("ops:read"))
        .queryParam("entityKey", "dead-letter:" + id)
        .when()
        .get("/ops/v1/audit")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items");
  }

  static ActiveMQConnectionFactory artemis() {
    ArtemisBroker broker = SandboxTestResource.stack().artemis();
    return new ActiveMQConnectionFactory(broker.url(), ArtemisBroker.USER, broker.password());
  }

  static void sendJms(String queue, String body, String correlationId) throws JMSException {
    try (ActiveMQConnectionFactory factory = artemis();
        Connection connection = factory.createConnection()) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(session.createQueue(queue));
      TextMessage message = session.createTextMessage(body);
      message.setStringProperty(CORRELATION_PROPERTY, correlationId);
      producer.send(message);
    }
  }

  static Message browseDeadLetterQueue(String queueName, long id) throws JMSException {
    try (ActiveMQConnectionFactory factory = artemis();
        Connection connection = factory.createConnection()) {
      connection.start();
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Queue queue = session.createQueue(queueName);
      try (QueueBrowser browser = session.createBrowser(queue, "HubDeadLetterId = " + id)) {
        var messages = browser.getEnumeration();
        return messages.hasMoreElements() ? (Message) messages.nextElement() : null;
      }
    }
  }

  static String management(String path) {
    int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    if (port == 0) {
      port = ConfigProvider.getConfig().getValue("quarkus.management.port", Integer.class);
    }
    return "http://127.0.0.1:" + port + path;
  }
}
