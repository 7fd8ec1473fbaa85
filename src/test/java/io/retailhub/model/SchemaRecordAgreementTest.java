package io.retailhub.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.events.RetailEventType;
import io.retailhub.events.RetailEvents;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published schemas and the Java records are two statements of one contract; this test holds
 * them together both ways: properties and components, required fields and what the constructors
 * refuse as null, JSON types and Java types, enum values and wire codes.
 */
class SchemaRecordAgreementTest {

  static Stream<Class<?>> records() {
    return ModelSchemas.canonicalTypes().stream().filter(Class::isRecord);
  }

  static Stream<Class<?>> enums() {
    return ModelSchemas.canonicalTypes().stream().filter(Class::isEnum);
  }

  @Test
  void every_canonical_type_and_event_type_has_a_schema_and_nothing_else_does() {
    Set<String> expected = new TreeSet<>();
    ModelSchemas.canonicalTypes().forEach(type -> expected.add(ModelSchemas.nameOf(type)));
    RetailEventType.ALL.forEach(eventType -> expected.add(eventType.type()));

    assertThat(new TreeSet<>(ModelSchemas.names())).isEqualTo(expected);
    assertThat(records().count()).as("records found on disk").isGreaterThanOrEqualTo(15);
    assertThat(enums().count()).as("wire-coded enums found on disk").isGreaterThanOrEqualTo(13);
  }

  @Test
  void the_index_lists_every_schema_once_with_its_kind() {
    List<String> indexed = new ArrayList<>();
    for (JsonNode entry : ModelSchemas.index().get("schemas")) {
      String name = entry.get("name").asText();
      indexed.add(name);
      String expectedKind =
          RetailEventType.byType(name).isPresent()
              ? "event"
              : ModelSchemas.json(name).has("enum") ? "enum" : "record";
      assertThat(entry.get("kind").asText()).as(name).isEqualTo(expectedKind);
    }
    assertThat(indexed).doesNotHaveDuplicates();
    assertThat(indexed).containsExactlyInAnyOrderElementsOf(ModelSchemas.names());
  }

  @Test
  void every_schema_is_draft_2020_12_and_its_id_is_its_published_uri() {
    for (String name : ModelSchemas.names()) {
      JsonNode schema = ModelSchemas.json(name);
      assertThat(schema.get("$schema").asText())
          .as(name)
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
      assertThat(schema.get("$id").asText())
          .as(name)
          .isEqualTo(RetailEvents.schemaUri(name).toString());
      assertThat(schema.get("description").asText()).as(name + " explains itself").isNotBlank();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void schema_properties_are_exactly_the_record_components(Class<?> record) {
    JsonNode schema = ModelSchemas.json(ModelSchemas.nameOf(record));

    List<String> properties = new ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(properties::add);

    assertThat(schema.get("title").asText()).isEqualTo(record.getSimpleName());
    assertThat(schema.get("type").asText()).isEqualTo("object");
    assertThat(properties).containsExactlyElementsOf(componentNames(record));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void schema_required_is_exactly_what_the_constructor_refuses_as_null(Class<?> record)
      throws Exception {
    Set<String> refusedAsNull = new TreeSet<>();
    for (FieldViolation violation : violationsOfAllNulls(record)) {
      if (violation.reason().equals("is required")) {
        refusedAsNull.add(violation.field());
      }
    }
    Set<String> required = new TreeSet<>();
    ModelSchemas.json(ModelSchemas.nameOf(record))
        .get("required")
        .forEach(field -> required.add(field.asText()));

    assertThat(required).isEqualTo(refusedAsNull);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void every_property_has_the_json_shape_of_its_java_type(Class<?> record) {
    JsonNode properties = ModelSchemas.json(ModelSchemas.nameOf(record)).get("properties");
    for (RecordComponent component : record.getRecordComponents()) {
      JsonNode property = properties.get(component.getName());
      String where = record.getSimpleName() + "." + component.getName();
      assertThat(property.get("description")).as(where + " is described").isNotNull();
      assertShape(where, property, component.getGenericType());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("enums")
  void enum_values_are_the_wire_codes_in_declaration_order(Class<?> enumType) {
    JsonNode schema = ModelSchemas.json(ModelSchemas.nameOf(enumType));
    List<String> values = new ArrayList<>();
    schema.get("enum").forEach(value -> values.add(value.asText()));

    List<String> wireCodes =
        Arrays.stream(enumType.getEnumConstants())
            .map(constant -> ((WireCoded) constant).wireCode())
            .toList();

    assertThat(schema.get("title").asText()).isEqualTo(enumType.getSimpleName());
    assertThat(schema.get("type").asText()).isEqualTo("string");
    assertThat(values).containsExactlyElementsOf(wireCodes);
  }

  private static void assertShape(String where, JsonNode property, Type javaType) {
    if (javaType instanceof Class<?> type) {
      if (type == String.class) {
        assertThat(property.path("type").asText()).as(where).isEqualTo("string");
      } else if (type == Long.class || type == Integer.class) {
        assertThat(property.path("type").asText()).as(where).isEqualTo("integer");
      } else if (type == Boolean.class) {
        assertThat(property.path("type").asText()).as(where).isEqualTo("boolean");
      } else if (type == BigDecimal.class) {
        assertThat(property.path("type").asText()).as(where).isEqualTo("number");
      } else if (type == Instant.class) {
        assertThat(property.path("type").asText()).as(where).isEqualTo("string");
        assertThat(property.path("format").asText()).as(where).isEqualTo("date-time");
      } else if (type.isEnum() || type.isRecord()) {
        assertThat(property.path("$ref").asText())
            .as(where)
            .isEqualTo(ModelSchemas.nameOf(type) + ModelSchemas.SUFFIX);
      } else {
        throw new AssertionError(where + " has a Java type the schemas do not map: " + type);
      }
      return;
    }
    ParameterizedType generic = (ParameterizedType) javaType;
    Type[] arguments = generic.getActualTypeArguments();
    if (generic.getRawType() == List.class) {
      assertThat(property.path("type").asText()).as(where).isEqualTo("array");
      assertShape(where + "[]", property.get("items"), arguments[0]);
    } else if (generic.getRawType() == Map.class) {
      assertThat(property.path("type").asText()).as(where).isEqualTo("object");
      assertShape(where + "{value}", property.get("additionalProperties"), arguments[1]);
      if (arguments[0] == Platform.class) {
        assertThat(property.path("propertyNames").path("$ref").asText())
            .as(where + "{key}")
            .isEqualTo(ModelSchemas.nameOf(Platform.class) + ModelSchemas.SUFFIX);
      } else {
        assertThat(arguments[0]).as(where + "{key}").isEqualTo(String.class);
      }
    } else {
      throw new AssertionError(where + " has a generic type the schemas do not map: " + generic);
    }
  }

  private static List<String> componentNames(Class<?> record) {
    return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
  }

  /** Calls the canonical constructor with every component null and returns what it refused. */
  private static List<FieldViolation> violationsOfAllNulls(Class<?> record) throws Exception {
    Class<?>[] types =
        Arrays.stream(record.getRecordComponents())
            .map(RecordComponent::getType)
            .toArray(Class<?>[]::new);
    Constructor<?> canonical = record.getDeclaredConstructor(types);
    try {
      canonical.newInstance(new Object[types.length]);
    } catch (InvocationTargetException thrown) {
      if (thrown.getCause() instanceof ValidationException invalid) {
        return invalid.violations();
      }
      throw thrown;
    }
    return List.of();
  }
}
