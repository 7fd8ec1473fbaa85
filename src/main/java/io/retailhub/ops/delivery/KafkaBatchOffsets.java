package io.retailhub.ops.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits the offsets of a batching Kafka consumer's poll once the route has made it durable. A
 * batching consumer never commits by itself (docs/decisions/0020: auto-commit is off), and each
 * record's {@link KafkaManualCommit} commits only its own partition, so the last record of every
 * partition in the poll is committed, synchronously, on the consumer thread.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("kafkaBatchOffsets")
public class KafkaBatchOffsets {

  public void commit(List<Exchange> records) {
    Map<Object, KafkaManualCommit> lastPerPartition = new LinkedHashMap<>();
    for (Exchange record : records) {
      KafkaManualCommit commit =
          record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
      if (commit == null) {
        throw new IllegalStateException(
            "a batching Kafka consumer without allow-manual-commit cannot commit its offsets");
      }
      lastPerPartition.put(record.getMessage().getHeader(KafkaConstants.PARTITION), commit);
    }
    lastPerPartition.values().forEach(KafkaManualCommit::commit);
  }
}
