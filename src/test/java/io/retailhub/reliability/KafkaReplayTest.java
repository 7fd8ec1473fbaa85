package io.retailhub.reliability;

import static io.retailhub.reliability.DeadLetterReplayTest.awaitDeadLetter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.DeadLetters;
import io.retailhub.it.KafkaTopics;
import io.retailhub.it.SandboxTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Replay through Kafka, on the real broker: the test-only {@code reliability-probe-replay} flow
 * consumes {@code test.reliability.deliveries} and its replay-uri sends a dead letter back to the
 * same topic, as the hub's Kafka flows do. The link to the entry a replay came from ({@code
 * HubReplayOf}) must survive the Kafka headers, so that a replay that fails again is parked again
 * with its history instead of being retried for ever.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class KafkaReplayTest {

  private static final String TOPIC = "test.reliability.deliveries";
  private static final String FLOW = "reliability-probe-replay";
  private static final String ACTOR = "ops-bob";

  @Inject ProbeTarget target;

  @Test
  void aKafkaReplayThatFailsTwiceIsParkedAgainEachTimeWithItsWholeHistory() throws Exception {
    String key = UUID.randomUUID().toString();
    String correlationId = "it-kafka-refail-" + key;
    send(key, "SKU-NEVER-" + key.substring(0, 8), correlationId);

    long first = awaitDeadLetter(FLOW, correlationId).getLong("id");
    replay(first);
    long second = awaitReplayOf(correlationId, first);
    replay(second);
    long third = awaitReplayOf(correlationId, second);

    JsonPath latest = DeadLetters.entry(third);
    assertThat(latest.getString("status")).isEqualTo("OPEN");
    assertThat(latest.getString("failureKind")).isEqualTo("business");
    assertThat(latest.getLong("replayOf")).isEqualTo(second);
    assertThat(latest.getList("previousAttempts.id", Long.class))
        .as("nearest first, two levels of failed replays")
        .containsExactly(second, first);
    assertThat(DeadLetters.entry(first).getLong("supersededBy")).isEqualTo(second);
    assertThat(DeadLetters.entry(first).getString("replayOutcome")).isEqualTo("FAILED");
    assertThat(DeadLetters.entry(second).getLong("supersededBy")).isEqualTo(third);
    assertThat(DeadLetters.entry(second).getString("replayOutcome")).isEqualTo("FAILED");
    // one attempt per delivery: the original and two replays, none retried (business failure)
    assertThat(target.attempts(key)).isEqualTo(3);
    assertThat(target.delivered(key)).isZero();
    assertThat(entriesOf(correlationId)).hasSize(3);
  }

  @Test
  void aKafkaReplayAfterTheCauseIsFixedIsDeliveredOnceAndParksNothing() throws Exception {
    String key = UUID.randomUUID().toString();
    String sku = "SKU-LATE-" + key.substring(0, 8);
    String correlationId = "it-kafka-fixed-" + key;
    send(key, sku, correlationId);

    JsonPath parked = awaitDeadLetter(FLOW, correlationId);
    long id = parked.getLong("id");
    assertThat(parked.getString("replayUri")).isEqualTo("kafka:" + TOPIC);
    assertThat(parked.getString("routeId")).isEqualTo("reliability-probe-replay");

    target.addSku(sku);
    replay(id);

    await().atMost(Duration.ofSeconds(30)).until(() -> target.delivered(key) == 1);
    assertThat(target.attempts(key)).isEqualTo(2);
    JsonPath replayed = DeadLetters.entry(id);
    assertThat(replayed.getString("status")).isEqualTo("REPLAYED");
    assertThat(replayed.getString("resolvedBy")).isEqualTo(ACTOR);
    // the replayed record went through the flow; a later record on the same key proves the
    // consumer moved past it without parking it again
    String marker = UUID.randomUUID().toString();
    send(key, "SKU-0001", "it-kafka-marker-" + marker, marker);
    await().atMost(Duration.ofSeconds(30)).until(() -> target.delivered(marker) == 1);
    assertThat(entriesOf(correlationId)).hasSize(1);
    assertThat(target.delivered(key)).isEqualTo(1);
  }

  private static void send(String key, String sku, String correlationId) throws Exception {
    send(key, sku, correlationId, key);
  }

  /** One record on the partition of {@code partitionKey}, carrying the probe message of key. */
  private static void send(String partitionKey, String sku, String correlationId, String key)
      throws Exception {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(
            TOPIC, partitionKey, "{\"key\":\"" + key + "\",\"sku\":\"" + sku + "\"}");
    record.headers().add("X-Correlation-ID", correlationId.getBytes(StandardCharsets.UTF_8));
    record.headers().add("ce_id", ("evt-" + key).getBytes(StandardCharsets.UTF_8));
    try (KafkaProducer<String, String> producer = KafkaTopics.producer()) {
      producer.send(record).get();
    }
  }

  private static void replay(long id) {
    DeadLetters.replay(id, ACTOR).statusCode(202).body("status", equalTo("REPLAYED"));
  }

  /** The entry a failed replay of {@code previous} created. */
  private static long awaitReplayOf(String correlationId, long previous) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                entriesOf(correlationId).stream()
                    .filter(e -> e.get("replayOf") != null)
                    .filter(e -> ((Number) e.get("replayOf")).longValue() == previous)
                    .map(e -> ((Number) e.get("id")).longValue())
                    .findFirst()
                    .orElse(0L),
            id -> id > 0);
  }

  private static List<Map<String, Object>> entriesOf(String correlationId) {
    return DeadLetters.ofFlow(FLOW, correlationId);
  }
}
