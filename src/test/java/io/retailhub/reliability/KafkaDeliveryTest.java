package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.KafkaTopics;
import io.retailhub.it.SandboxTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Delivery guarantees on the real Kafka broker: a re-delivered record has no second side effect
 * (PostgreSQL idempotent repository), and offsets are committed once records are processed.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class KafkaDeliveryTest {

  private static final String TOPIC = "test.reliability.events";
  private static final String GROUP = "test-reliability-probe";

  @Inject ProbeTarget target;

  @Test
  void aRedeliveredRecordHasNoSecondSideEffectAndOffsetsAreCommitted() throws Exception {
    String duplicated = "evt-" + UUID.randomUUID();
    String marker = "evt-" + UUID.randomUUID();
    String partitionKey = "key-" + UUID.randomUUID(); // one partition: records stay in order
    RecordMetadata last;
    try (KafkaProducer<String, String> producer = KafkaTopics.producer()) {
      producer.send(record(partitionKey, duplicated)).get();
      // the same event again, as after a producer retry or a consumer crash before its commit
      producer.send(record(partitionKey, duplicated)).get();
      last = producer.send(record(partitionKey, marker)).get();
    }

    // the marker comes after both copies on the same partition: once it is recorded, both copies
    // of the duplicated event have been consumed
    await().atMost(Duration.ofSeconds(30)).until(() -> target.recorded(marker) == 1);
    assertThat(target.recorded(duplicated)).isEqualTo(1);

    TopicPartition partition = new TopicPartition(TOPIC, last.partition());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                assertThat(committed.get(partition)).isNotNull();
                assertThat(committed.get(partition).offset()).isGreaterThan(last.offset());
              });
    }
  }

  /**
   * Fault test 5's Kafka half, counted: 20 events each delivered twice (a rebalance re-delivers
   * what was not committed), in between other traffic. Every event has exactly one side effect.
   */
  @Test
  void twentyEventsDeliveredTwiceHaveOneSideEffectEachAndNothingIsParked() throws Exception {
    String partitionKey = "key-" + UUID.randomUUID();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add("evt-" + UUID.randomUUID());
    }
    String marker = "evt-" + UUID.randomUUID();
    int sent = 0;
    try (KafkaProducer<String, String> producer = KafkaTopics.producer()) {
      for (String event : events) {
        producer.send(record(partitionKey, event)).get();
        sent++;
      }
      for (String event : events) {
        producer.send(record(partitionKey, event)).get();
        sent++;
      }
      producer.send(record(partitionKey, marker)).get();
      sent++;
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> target.recorded(marker) == 1);

    int distinct = events.size() + 1;
    int delivered = target.recorded(marker);
    int duplicated = 0;
    int lost = 0;
    for (String event : events) {
      int effects = target.recorded(event);
      delivered += Math.min(effects, 1);
      duplicated += Math.max(0, effects - 1);
      lost += effects == 0 ? 1 : 0;
    }
    System.out.printf(
        "duplicate-test: sent=%d records (%d events, %d of them twice), delivered=%d,"
            + " dead-lettered=0, replayed=0, lost=%d, duplicated=%d%n",
        sent, distinct, events.size(), delivered, lost, duplicated);
    assertThat(sent).isEqualTo(41);
    assertThat(delivered).isEqualTo(distinct);
    assertThat(lost).isZero();
    assertThat(duplicated).isZero();
    assertThat(DeadLetterReplayTest.deadLetters("reliability-probe-kafka")).isEmpty();
  }

  private static ProducerRecord<String, String> record(String key, String eventId) {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(TOPIC, key, "{\"eventId\":\"" + eventId + "\"}");
    record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
    record.headers().add("ce_source", "/test/reliability".getBytes(StandardCharsets.UTF_8));
    return record;
  }

  private static String bootstrap() {
    return SandboxTestResource.stack().kafka().bootstrapServers();
  }
}
