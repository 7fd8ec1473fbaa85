package io.retailhub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.InventoryPosition;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class CanonicalEventFactoryTest {
  static final Instant NOW = Instant.parse("2026-10-02T09:15:05Z");
  final CanonicalEventFactory factory =
      new CanonicalEventFactory(Clock.fixed(NOW, ZoneOffset.UTC), () -> "evt-1");
  final InventoryPosition position =
      new InventoryPosition(
          "SKU-0001", "S001", 42L, 5L, 37L, Instant.parse("2026-10-02T09:15:00Z"), 1017L);

  @Test
  void event_carries_type_subject_schema_time_and_canonical_json() {
    CloudEvent event =
        factory.create(RetailEventType.INVENTORY_POSITION_CHANGED, position, "corr-7");

    assertThat(event.getType()).isEqualTo("retail.inventory.position.changed.v1");
    assertThat(event.getSubject()).isEqualTo("SKU-0001@S001");
    assertThat(event.getId()).isEqualTo("evt-1");
    assertThat(event.getSource()).isEqualTo(URI.create("/retailhub"));
    assertThat(event.getTime().toInstant()).isEqualTo(NOW);
    assertThat(event.getDataSchema())
        .isEqualTo(URI.create("https://schemas.retailhub.io/v1/inventory-position.schema.json"));
    assertThat(event.getExtension("correlationid")).isEqualTo("corr-7");
    assertThat(CanonicalJson.read(event.getData().toBytes(), InventoryPosition.class))
        .isEqualTo(position);
  }

  @Test
  void kafka_binary_mode_round_trip_keeps_key_headers_and_data() {
    CloudEvent event =
        factory.create(RetailEventType.INVENTORY_POSITION_CHANGED, position, "corr-7");

    ProducerRecord<String, byte[]> record =
        KafkaCloudEvents.toProducerRecord("retail.inventory.v1", event);
    assertThat(record.key()).isEqualTo("SKU-0001@S001");
    assertThat(record.headers().lastHeader(RetailEvents.KAFKA_TYPE_HEADER).value())
        .isEqualTo("retail.inventory.position.changed.v1".getBytes());
    assertThat(RetailEvents.KAFKA_TYPE_HEADER).isEqualTo("ce_type");
    assertThat(new String(record.value())).isEqualTo(CanonicalJson.toJson(position));

    ConsumerRecord<String, byte[]> consumed =
        new ConsumerRecord<>("retail.inventory.v1", 0, 12L, record.key(), record.value());
    record.headers().forEach(header -> consumed.headers().add(header));
    CloudEvent back = KafkaCloudEvents.fromConsumerRecord(consumed);

    assertThat(CanonicalEventReader.read(back, RetailEventType.INVENTORY_POSITION_CHANGED))
        .isEqualTo(position);
    assertThat(back.getExtension("correlationid")).isEqualTo("corr-7");
  }

  @Test
  void camel_style_header_map_round_trip() {
    CloudEvent event = factory.create(RetailEventType.INVENTORY_POSITION_CHANGED, position);
    Map<String, String> headers = KafkaCloudEvents.headersOf(event);

    assertThat(headers).containsEntry("ce_subject", "SKU-0001@S001").containsKey("content-type");
    CloudEvent back = KafkaCloudEvents.fromHeaders(headers, event.getData().toBytes());
    assertThat(CanonicalEventReader.read(back, RetailEventType.INVENTORY_POSITION_CHANGED))
        .isEqualTo(position);
  }

  @Test
  void reader_refuses_a_wrong_type_and_a_subject_that_is_not_the_entity_key() {
    CloudEvent event = factory.create(RetailEventType.INVENTORY_POSITION_CHANGED, position);
    assertThatThrownBy(() -> CanonicalEventReader.read(event, RetailEventType.ORDER_CREATED))
        .isInstanceOf(EventEnvelopeException.class)
        .hasMessageContaining("retail.order.created.v1");

    CloudEvent forged =
        io.cloudevents.core.builder.CloudEventBuilder.v1(event)
            .withSubject("SKU-0002@S001")
            .build();
    assertThatThrownBy(
            () -> CanonicalEventReader.read(forged, RetailEventType.INVENTORY_POSITION_CHANGED))
        .isInstanceOf(EventEnvelopeException.class)
        .hasMessageContaining("SKU-0002@S001");
  }

  @Test
  void every_event_type_name_is_versioned_and_unique() {
    assertThat(RetailEventType.ALL)
        .extracting(RetailEventType::type)
        .doesNotHaveDuplicates()
        .allMatch(type -> type.matches("retail\\.[a-z.]+\\.v\\d+"));
  }
}
