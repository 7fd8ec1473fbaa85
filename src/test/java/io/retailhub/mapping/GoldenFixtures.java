package io.retailhub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden fixtures on the test classpath: {@code golden/<platform>/<mapping>/<name>.json}. For a
 * mapping from a platform the file is the platform payload and {@code <name>.canonical.json} the
 * expected record; {@code fail_<name>.json} must be rejected with the fields listed in {@code
 * fail_<name>.violations.json}. For a mapping to a platform ({@code to-...}) it is the other way
 * round.
 */
public final class GoldenFixtures {
  private GoldenFixtures() {}

  public static Path root() {
    try {
      return Path.of(GoldenFixtures.class.getResource("/golden").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<Path> files(String directory) {
    try (Stream<Path> files = Files.walk(root().resolve(directory))) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode read(Path file) {
    try {
      return CanonicalJson.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path sibling(Path file, String suffix) {
    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
    return file.resolveSibling(name + suffix);
  }

  public static String relative(Path file) {
    return root().relativize(file).toString();
  }
}
