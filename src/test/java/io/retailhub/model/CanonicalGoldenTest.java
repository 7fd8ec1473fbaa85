package io.retailhub.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import io.retailhub.events.RetailEventType;
import io.retailhub.mapping.GoldenFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Canonical golden JSON per type ({@code golden/canonical/<schema name>/}): every valid fixture is
 * read by {@link CanonicalJson}, written back unchanged and accepted by its published schema; every
 * {@code fail_*.json} is refused by the record with exactly the fields in its {@code
 * .violations.json}. The {@code "schema"} verdict there records whether the schema can see the
 * problem too: rules across fields (available = onHand - reserved, one currency per order, unique
 * line numbers) and ISO code lists are checked by the records only.
 */
class CanonicalGoldenTest {
  private static final String ROOT = "canonical";

  static Stream<Arguments> validFixtures() {
    return fixtures(false);
  }

  static Stream<Arguments> failFixtures() {
    return fixtures(true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFixtures")
  void a_valid_fixture_reads_writes_back_unchanged_and_matches_its_schema(
      String fixture, Class<?> type, Path file) {
    JsonNode golden = GoldenFixtures.read(file);

    Object record = CanonicalJson.read(GoldenFixtures.bytes(file), type);

    assertThat(reparsed(record)).isEqualTo(golden);
    assertThat(schemaErrors(type, golden)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failFixtures")
  void a_fail_fixture_is_refused_with_exactly_the_listed_fields(
      String fixture, Class<?> type, Path file) {
    JsonNode expected = GoldenFixtures.read(GoldenFixtures.sibling(file, ".violations.json"));
    List<String> expectedFields = new ArrayList<>();
    expected.get("fields").forEach(field -> expectedFields.add(field.asText()));

    ValidationException refusal =
        catchThrowableOfType(
            ValidationException.class, () -> CanonicalJson.read(GoldenFixtures.bytes(file), type));

    assertThat(refusal).as("a ValidationException for " + fixture).isNotNull();
    assertThat(refusal.type()).isEqualTo(expected.get("type").asText());
    assertThat(refusal.violations())
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrderElementsOf(expectedFields);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failFixtures")
  void the_schema_refuses_a_fail_fixture_exactly_when_its_verdict_says_so(
      String fixture, Class<?> type, Path file) {
    String verdict =
        GoldenFixtures.read(GoldenFixtures.sibling(file, ".violations.json"))
            .get("schema")
            .asText();

    List<Error> errors = schemaErrors(type, GoldenFixtures.read(file));

    assertThat(verdict).isIn("valid", "invalid");
    if (verdict.equals("invalid")) {
      assertThat(errors).as("schema errors for " + fixture).isNotEmpty();
    } else {
      assertThat(errors).as("a rule only the record checks, in " + fixture).isEmpty();
    }
  }

  @Test
  void every_event_payload_type_has_valid_and_failing_fixtures() {
    List<String> directories = directories();
    for (RetailEventType<?> eventType : RetailEventType.ALL) {
      String name = eventType.schemaName();
      assertThat(directories).as(name).contains(name);
      assertThat(
              fixtures(false)
                  .filter(arguments -> arguments.get()[2].toString().contains("/" + name + "/")))
          .as("valid fixtures of " + name)
          .isNotEmpty();
      assertThat(
              fixtures(true)
                  .filter(arguments -> arguments.get()[2].toString().contains("/" + name + "/")))
          .as("fail fixtures of " + name)
          .isNotEmpty();
    }
  }

  @Test
  void every_fixture_directory_names_a_canonical_record_and_every_violation_file_its_payload() {
    for (String directory : directories()) {
      assertThat(typeOf(directory)).as(directory).isNotNull();
    }
    for (Path file : GoldenFixtures.files(ROOT)) {
      String name = file.getFileName().toString();
      if (name.endsWith(".violations.json")) {
        assertThat(file.resolveSibling(name.replace(".violations.json", ".json"))).exists();
        assertThat(name).startsWith("fail_");
      }
    }
  }

  private static Stream<Arguments> fixtures(boolean failures) {
    List<Arguments> arguments = new ArrayList<>();
    for (Path file : GoldenFixtures.files(ROOT)) {
      String name = file.getFileName().toString();
      if (name.endsWith(".violations.json") || name.startsWith("fail_") != failures) {
        continue;
      }
      String directory = file.getParent().getFileName().toString();
      arguments.add(Arguments.of(GoldenFixtures.relative(file), typeOf(directory), file));
    }
    return arguments.stream();
  }

  private static List<String> directories() {
    try (Stream<Path> entries = Files.list(GoldenFixtures.root().resolve(ROOT))) {
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> typeOf(String schemaName) {
    return ModelSchemas.canonicalTypes().stream()
        .filter(Class::isRecord)
        .filter(type -> ModelSchemas.nameOf(type).equals(schemaName))
        .findFirst()
        .orElse(null);
  }

  private static List<Error> schemaErrors(Class<?> type, JsonNode json) {
    return ModelSchemas.validator(ModelSchemas.nameOf(type)).validate(json);
  }

  /** Through text, so that numbers compare as the JSON a reader would see. */
  private static JsonNode reparsed(Object value) {
    try {
      return CanonicalJson.mapper().readTree(CanonicalJson.toJson(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
