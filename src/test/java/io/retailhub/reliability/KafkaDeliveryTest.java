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
