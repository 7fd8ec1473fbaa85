package io.retailhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.model.CanonicalJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The published JSON Schemas of the canonical model, served by {@code routes/model-schemas}. Only
 * the files listed in {@code schemas/v1/index.json} are loaded, once, at startup; a request can
 * name nothing else, so a name is never turned into a path (no traversal, no probing of the
 * classpath).
 */
@ApplicationScoped
@Named("modelSchemas")
public class SchemaCatalog {

  static final String RESOURCE_DIR = "schemas/v1/";
  static final String SUFFIX = ".schema.json";
  static final String API_PATH = "/api/v1/schemas/";

  /** Lower-case words joined by single dots or hyphens: no slash, no "..", no percent sign. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");

  private static final int MAX_NAME_LENGTH = 100;

  private final Map<String, byte[]> schemas;
  private final byte[] index;

  public SchemaCatalog() {
    JsonNode listed = readJson(RESOURCE_DIR + "index.json");
    Map<String, byte[]> loaded = new LinkedHashMap<>();
    ArrayNode entries = CanonicalJson.mapper().createArrayNode();
    for (JsonNode entry : listed.get("schemas")) {
      String name = entry.get("name").asText();
      if (!isWellFormed(name)) {
        throw new IllegalStateException("schemas/v1/index.json lists a malformed name: " + name);
      }
      byte[] schema = readBytes(RESOURCE_DIR + name + SUFFIX);
      JsonNode parsed = parse(schema, name);
      loaded.put(name, schema);
      ObjectNode summary = entries.addObject();
      summary.put("name", name);
      summary.put("kind", entry.get("kind").asText());
      summary.put("title", parsed.path("title").asText());
      summary.put("id", parsed.path("$id").asText());
      summary.put("href", API_PATH + name);
    }
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.set("schemas", entries);
    this.schemas = Collections.unmodifiableMap(loaded);
    this.index = CanonicalJson.toBytes(body);
  }

  /** {@code {"schemas": [{"name", "kind", "title", "id", "href"}, ...]}}. */
  public byte[] index() {
    return index.clone();
  }

  /**
   * The schema file for a name such as {@code order} or {@code order.schema.json}, or null when the
   * name is malformed or not published (the route answers 404 for both, so that a probe learns
   * nothing about which names are merely malformed).
   */
  public byte[] lookup(String name) {
    if (name == null) {
      return null;
    }
    String stem = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    if (!isWellFormed(stem)) {
      return null;
    }
    byte[] schema = schemas.get(stem);
    return schema == null ? null : schema.clone();
  }

  static boolean isWellFormed(String name) {
    return name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
  }

  private static JsonNode readJson(String resource) {
    return parse(readBytes(resource), resource);
  }

  private static JsonNode parse(byte[] json, String what) {
    try {
      return CanonicalJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(what + " is not JSON", e);
    }
  }

  private static byte[] readBytes(String resource) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
