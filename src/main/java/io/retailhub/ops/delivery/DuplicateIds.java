package io.retailhub.ops.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Deterministic Artemis duplicate-detection ids. A route that bridges a Kafka record into Artemis
 * calls {@code fromKafkaRecord} before its {@code jms:} step; if the hub crashes after the send but
 * before the offset commit, the record is consumed again, the same id is sent again and the broker
 * drops the copy (duplicate-id cache per address, persisted in the journal).
 */
@ApplicationScoped
@Named("artemisDuplicateId")
public class DuplicateIds {

  /** Artemis' duplicate-detection property ({@code Message.HDR_DUPLICATE_DETECTION_ID}). */
  public static final String ARTEMIS_DUPLICATE_ID = "_AMQ_DUPL_ID";

  /**
   * Sets {@code _AMQ_DUPL_ID}: the CloudEvent's source and id when the record carries them (the
   * same event republished to another offset is still one event), else topic/partition/offset.
   */
  public void fromKafkaRecord(Exchange exchange) {
    Message message = exchange.getIn();
    message.setHeader(ARTEMIS_DUPLICATE_ID, forKafkaRecord(message));
  }

  static String forKafkaRecord(Message message) {
    String eventId = message.getHeader("ce_id", String.class);
    if (eventId != null && !eventId.isBlank()) {
      String source = message.getHeader("ce_source", "", String.class);
      return "ce:" + source + "#" + eventId;
    }
    String topic = message.getHeader("kafka.TOPIC", String.class);
    if (topic == null) {
      throw new IllegalStateException("not a Kafka record: no ce_id and no kafka.TOPIC header");
    }
    return "kafka:"
        + topic
        + "/"
        + message.getHeader("kafka.PARTITION")
        + "/"
        + message.getHeader("kafka.OFFSET");
  }
}
