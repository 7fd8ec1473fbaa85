package io.retailhub.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.retailhub.events.RetailEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The published schemas ({@code schemas/v1} on the classpath) as the tests see them: their files,
 * their JSON, and a draft 2020-12 validator that resolves every {@code $id} under {@link
 * RetailEvents#SCHEMA_BASE_URI} to the classpath copy, so that no test reaches the network.
 */
public final class ModelSchemas {
  public static final String SUFFIX = ".schema.json";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder
                  .schemaRegistryConfig(
                      // format is only an annotation in 2020-12 unless asserted; our
                      // date-time and email formats are part of the contract
                      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                  .schemaIdResolvers(
                      resolvers ->
                          resolvers.mapPrefix(
                              RetailEvents.SCHEMA_BASE_URI, "classpath:schemas/v1/")));

  private ModelSchemas() {}

  public static Path directory() {
    try {
      return Path.of(ModelSchemas.class.getResource("/schemas/v1").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The schema names (file stems) present on disk, sorted. */
  public static List<String> names() {
    try (Stream<Path> files = Files.list(directory())) {
      List<String> names = new ArrayList<>();
      files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(SUFFIX))
          .sorted()
          .forEach(name -> names.add(name.substring(0, name.length() - SUFFIX.length())));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(String name) {
    try {
      return CanonicalJson.mapper().readTree(directory().resolve(name + SUFFIX).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode index() {
    try {
      return CanonicalJson.mapper().readTree(directory().resolve("index.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A validator for the schema whose file stem is {@code name}, loaded through its $id. */
  public static Schema validator(String name) {
    return REGISTRY.getSchema(SchemaLocation.of(RetailEvents.schemaUri(name).toString()));
  }

  /** The schema name of a canonical type: its simple name in kebab case ({@code OrderLine}). */
  public static String nameOf(Class<?> type) {
    return type.getSimpleName()
        .replaceAll("(?<!^)(?=[A-Z])", "-")
        .toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Every canonical record and wire-coded enum in {@code io.retailhub.model}, found on disk rather
   * than listed, so that a new type without a schema fails the tests. {@link FieldViolation} is an
   * error detail for problem+json and dead letters, never a message body, so it has no schema.
   */
  public static List<Class<?>> canonicalTypes() {
    Path packageDir;
    try {
      packageDir = Path.of(Customer.class.getResource("Customer.class").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try (Stream<Path> files = Files.list(packageDir)) {
      List<Class<?>> types = new ArrayList<>();
      for (String file : files.map(path -> path.getFileName().toString()).sorted().toList()) {
        if (!file.endsWith(".class") || file.contains("$")) {
          continue;
        }
        Class<?> type = Class.forName("io.retailhub.model." + file.replace(".class", ""));
        boolean wireEnum = type.isEnum() && WireCoded.class.isAssignableFrom(type);
        if ((type.isRecord() || wireEnum) && type != FieldViolation.class) {
          types.add(type);
        }
      }
      return types;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
