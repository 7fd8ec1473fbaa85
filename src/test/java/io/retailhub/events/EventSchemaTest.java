package io.retailhub.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.retailhub.mapping.GoldenFixtures;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.ModelSchemas;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each event schema describes exactly the envelope {@link CanonicalEventFactory} builds: the
 * constants come from {@link RetailEventType} and {@link RetailEvents}, and a real event built from
 * a golden canonical record, written in the CloudEvents JSON format, validates.
 */
class EventSchemaTest {
  private static final JsonFormat JSON_FORMAT = new JsonFormat();
  private final CanonicalEventFactory factory =
      new CanonicalEventFactory(
          Clock.fixed(Instant.parse("2026-10-02T12:00:00Z"), ZoneOffset.UTC),
          () -> "0b9d3c6e-5f1a-4c47-9a43-2f0d8e7c1a55");

  static Stream<RetailEventType<?>> eventTypes() {
    return RetailEventType.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void the_event_schema_states_the_constants_of_its_event_type(RetailEventType<?> eventType) {
    JsonNode schema = ModelSchemas.json(eventType.type());
    JsonNode properties = schema.get("properties");

    assertThat(schema.get("$id").asText()).isEqualTo(eventType.eventSchema().toString());
    assertThat(properties.at("/type/const").asText()).isEqualTo(eventType.type());
    assertThat(properties.at("/source/const").asText()).isEqualTo(RetailEvents.SOURCE.toString());
    assertThat(properties.at("/datacontenttype/const").asText())
        .isEqualTo(RetailEvents.DATA_CONTENT_TYPE);
    assertThat(properties.at("/dataschema/const").asText())
        .isEqualTo(eventType.dataSchema().toString());
    assertThat(properties.at("/data/$ref").asText())
        .isEqualTo(eventType.schemaName() + ModelSchemas.SUFFIX);
    assertThat(eventType.schemaName()).isEqualTo(ModelSchemas.nameOf(eventType.dataType()));
    assertThat(properties.has(RetailEvents.CORRELATION_ID_EXTENSION)).isTrue();
    assertThat(schema.get("required")).extracting(JsonNode::asText).contains("subject", "data");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void an_event_built_by_the_factory_validates_against_its_schema(RetailEventType<?> eventType)
      throws IOException {
    JsonNode written = structured(build(eventType, "corr-2026-10-02-0001"));

    assertThat(ModelSchemas.validator(eventType.type()).validate(written)).isEmpty();
    assertThat(written.get("dataschema").asText()).isEqualTo(eventType.dataSchema().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void an_event_of_another_type_or_without_subject_is_refused(RetailEventType<?> eventType)
      throws IOException {
    ObjectNode relabelled = (ObjectNode) structured(build(eventType, null));
    relabelled.put("type", eventType.type().replace(".v1", ".v2"));
    ObjectNode keyless = (ObjectNode) structured(build(eventType, null));
    keyless.remove("subject");

    assertThat(ModelSchemas.validator(eventType.type()).validate(relabelled)).isNotEmpty();
    assertThat(ModelSchemas.validator(eventType.type()).validate(keyless)).isNotEmpty();
  }

  private <T> CloudEvent build(RetailEventType<T> eventType, String correlationId) {
    Path fixture =
        GoldenFixtures.files("canonical/" + eventType.schemaName()).stream()
            .filter(file -> !file.getFileName().toString().startsWith("fail_"))
            .findFirst()
            .orElseThrow();
    T data = CanonicalJson.read(GoldenFixtures.bytes(fixture), eventType.dataType());
    return factory.create(eventType, data, correlationId);
  }

  private static JsonNode structured(CloudEvent event) throws IOException {
    return CanonicalJson.mapper().readTree(JSON_FORMAT.serialize(event));
  }
}
