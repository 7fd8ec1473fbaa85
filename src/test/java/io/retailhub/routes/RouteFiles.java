package io.retailhub.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The route files under {@code routes/} as the tests see them: parsed YAML plus raw text. */
record RouteFiles(List<RouteFile> files) {

  static final Path ROUTES_DIR = Path.of("routes");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");

  record RouteFile(Path path, String text, List<Object> documents) {
    String stem() {
      String name = path.getFileName().toString();
      return name.substring(0, name.indexOf('.'));
    }

    /** Every {{name}} used, without optional ({{?name}}) or defaulted ({{name:x}}) ones. */
    List<String> requiredPlaceholders() {
      List<String> names = new ArrayList<>();
      Matcher matcher = PLACEHOLDER.matcher(text);
      while (matcher.find()) {
        String placeholder = matcher.group(1).trim();
        if (!placeholder.startsWith("?") && !placeholder.contains(":")) {
          names.add(placeholder);
        }
      }
      return names;
    }

    /** Ids of the routes this file declares (not rest or routeConfiguration ids). */
    List<String> routeIds() {
      List<String> ids = new ArrayList<>();
      for (Object document : documents) {
        if (document instanceof Map<?, ?> map && map.get("route") instanceof Map<?, ?> route) {
          ids.add(String.valueOf(route.get("id")));
        }
      }
      return ids;
    }
  }

  static RouteFiles load() {
    try (Stream<Path> paths = Files.walk(ROUTES_DIR)) {
      List<RouteFile> files = new ArrayList<>();
      for (Path path : paths.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList()) {
        String text = Files.readString(path);
        Object parsed = new Load(LoadSettings.builder().build()).loadFromString(text);
        @SuppressWarnings("unchecked")
        List<Object> documents = parsed instanceof List<?> list ? (List<Object>) list : List.of();
        files.add(new RouteFile(path, text, documents));
      }
      return new RouteFiles(files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
