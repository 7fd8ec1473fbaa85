package io.retailhub.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The hub's Kafka binding: CloudEvents in binary content mode (attributes as {@code ce_} headers,
 * canonical JSON as the record value, see docs/decisions/0003), with the entity key as the record
 * key. The header-map forms serve Camel routes, whose Kafka component maps message headers to
 * record headers.
 */
public final class KafkaCloudEvents {
  private KafkaCloudEvents() {}

  /** A record whose key is the event's subject (the entity key) and whose value is the data. */
  public static ProducerRecord<String, byte[]> toProducerRecord(String topic, CloudEvent event) {
    return KafkaMessageFactory.createWriter(topic, requireSubject(event)).writeBinary(event);
  }

  public static CloudEvent fromConsumerRecord(ConsumerRecord<String, byte[]> consumed) {
    try {
      return KafkaMessageFactory.createReader(consumed).toEvent();
    } catch (CloudEventRWException notAnEvent) {
      throw new EventEnvelopeException(
          "record at "
              + consumed.topic()
              + "/"
              + consumed.partition()
              + "@"
              + consumed.offset()
              + " is not a binary-mode CloudEvent: "
              + notAnEvent.getMessage(),
          notAnEvent);
    }
  }

  /** The binary-mode headers of an event ({@code ce_id}, {@code ce_type}, ..., content-type). */
  public static Map<String, String> headersOf(CloudEvent event) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : toProducerRecord("unused", event).headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  /**
   * Rebuilds an event from headers and value as a Camel Kafka consumer hands them over (values as
   * byte[] or String). Headers that are not CloudEvents headers are ignored.
   */
  public static CloudEvent fromHeaders(Map<String, ?> headers, byte[] value) {
    RecordHeaders recordHeaders = new RecordHeaders();
    headers.forEach(
        (name, headerValue) -> {
          String lower = name.toLowerCase(java.util.Locale.ROOT);
          if (!lower.startsWith(RetailEvents.KAFKA_HEADER_PREFIX)
              && !lower.equals(RetailEvents.KAFKA_CONTENT_TYPE_HEADER)) {
            return;
          }
          if (headerValue instanceof byte[] bytes) {
            recordHeaders.add(lower, bytes);
          } else if (headerValue != null) {
            recordHeaders.add(lower, headerValue.toString().getBytes(StandardCharsets.UTF_8));
          }
        });
    try {
      return KafkaMessageFactory.createReader(recordHeaders, value).toEvent();
    } catch (CloudEventRWException notAnEvent) {
      throw new EventEnvelopeException(
          "headers do not describe a binary-mode CloudEvent: " + notAnEvent.getMessage(),
          notAnEvent);
    }
  }

  private static String requireSubject(CloudEvent event) {
    if (event.getSubject() == null) {
      throw new EventEnvelopeException(
          "event " + event.getId() + " has no subject, so it has no Kafka record key");
    }
    return event.getSubject();
  }
}
