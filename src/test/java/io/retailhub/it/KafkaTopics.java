package io.retailhub.it;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads what the hub published, straight from the sandbox's Kafka. It assigns every partition and
 * reads from the beginning instead of joining a consumer group, so no group rebalance delays the
 * assertion on a busy machine.
 */
public final class KafkaTopics {

  private KafkaTopics() {}

  /** A plain String producer on the sandbox's Kafka, for tests that feed a topic themselves. */
  public static KafkaProducer<String, String> producer() {
    Properties props = new Properties();
    props.put("bootstrap.servers", SandboxTestResource.stack().kafka().bootstrapServers());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  /** The value of a record's last header of that name, as text; null when it has none. */
  public static String header(ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** The first record of the topic matching the predicate, waiting up to the timeout for it. */
  public static ConsumerRecord<String, String> awaitRecord(
      String topic, Predicate<ConsumerRecord<String, String>> wanted, Duration timeout) {
    Properties props = new Properties();
    props.put("bootstrap.servers", SandboxTestResource.stack().kafka().bootstrapServers());
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    props.put("enable.auto.commit", "false");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
      await()
          .pollInSameThread()
          .atMost(timeout)
          .until(
              () -> {
                if (consumer.assignment().isEmpty()) {
                  List<TopicPartition> partitions =
                      consumer.partitionsFor(topic).stream()
                          .map(info -> new TopicPartition(topic, info.partition()))
                          .toList();
                  consumer.assign(partitions);
                  consumer.seekToBeginning(partitions);
                }
                for (ConsumerRecord<String, String> candidate :
                    consumer.poll(Duration.ofMillis(200))) {
                  if (wanted.test(candidate)) {
                    found.set(candidate);
                    return true;
                  }
                }
                return false;
              });
      return found.get();
    }
  }
}
