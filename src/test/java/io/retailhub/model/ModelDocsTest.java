package io.retailhub.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.events.RetailEventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/model.md} is checked against the published schemas: each record has a section whose
 * field table lists exactly the schema's properties with the right required flag, each enum a
 * section listing exactly its wire codes, and the event table every event type with its data
 * schema. The page cannot silently fall behind the contract.
 */
class ModelDocsTest {
  private static final Path DOC = Path.of("docs/model.md");
  private static final Pattern HEADING = Pattern.compile("(?m)^### (\\S+)\\s*$");
  private static final Pattern FIELD_ROW =
      Pattern.compile("(?m)^\\| `([^`]+)` \\| [^|]+ \\| (yes|no) \\|");
  private static final Pattern CODE_ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|\\s*$");

  private final Map<String, String> sections = sections();

  @Test
  void every_record_section_lists_exactly_the_schema_properties_and_required_flags() {
    for (Class<?> record :
        ModelSchemas.canonicalTypes().stream().filter(Class::isRecord).toList()) {
      JsonNode schema = ModelSchemas.json(ModelSchemas.nameOf(record));
      Map<String, String> expected = new TreeMap<>();
      schema.get("properties").fieldNames().forEachRemaining(name -> expected.put(name, "no"));
      schema.get("required").forEach(name -> expected.put(name.asText(), "yes"));

      String section = sections.get(record.getSimpleName());
      assertThat(section).as("a section for " + record.getSimpleName()).isNotNull();
      Map<String, String> documented = new TreeMap<>();
      Matcher rows = FIELD_ROW.matcher(section);
      while (rows.find()) {
        documented.put(rows.group(1), rows.group(2));
      }
      assertThat(documented).as(record.getSimpleName()).isEqualTo(expected);
    }
  }

  @Test
  void every_enum_section_lists_exactly_its_wire_codes() {
    for (Class<?> enumType :
        ModelSchemas.canonicalTypes().stream().filter(Class::isEnum).toList()) {
      TreeSet<String> expected = new TreeSet<>();
      ModelSchemas.json(ModelSchemas.nameOf(enumType))
          .get("enum")
          .forEach(code -> expected.add(code.asText()));

      String section = sections.get(enumType.getSimpleName());
      assertThat(section).as("a section for " + enumType.getSimpleName()).isNotNull();
      TreeSet<String> documented = new TreeSet<>();
      Matcher rows = CODE_ROW.matcher(section);
      while (rows.find()) {
        documented.add(rows.group(1));
      }
      assertThat(documented).as(enumType.getSimpleName()).isEqualTo(expected);
    }
  }

  @Test
  void the_event_table_names_every_event_type_with_its_schemas() throws IOException {
    String doc = Files.readString(DOC);
    for (RetailEventType<?> eventType : RetailEventType.ALL) {
      Pattern row =
          Pattern.compile(
              "(?m)^\\| `"
                  + Pattern.quote(eventType.type())
                  + "` \\| "
                  + eventType.dataType().getSimpleName()
                  + " \\| [^|]+ \\| `"
                  + Pattern.quote(eventType.type())
                  + "` \\| `"
                  + Pattern.quote(eventType.schemaName())
                  + "` \\|");
      assertThat(row.matcher(doc).find()).as("event row for " + eventType.type()).isTrue();
    }
  }

  private static Map<String, String> sections() {
    String doc;
    try {
      doc = Files.readString(DOC);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, String> sections = new LinkedHashMap<>();
    Matcher headings = HEADING.matcher(doc);
    String title = null;
    int start = 0;
    while (headings.find()) {
      if (title != null) {
        sections.put(title, upToNextChapter(doc, start, headings.start()));
      }
      title = headings.group(1);
      start = headings.end();
    }
    if (title != null) {
      sections.put(title, upToNextChapter(doc, start, doc.length()));
    }
    return sections;
  }

  /** A section ends at the next {@code ###} heading or the next {@code ##} chapter. */
  private static String upToNextChapter(String doc, int start, int nextHeading) {
    int chapter = doc.indexOf("\n## ", start);
    int end = chapter < 0 ? nextHeading : Math.min(chapter, nextHeading);
    return doc.substring(start, end);
  }
}
