package io.retailhub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's Anatomy names every route file, so a new flow cannot go undocumented. */
class ReadmeAnatomyTest {

  @Test
  void everyRouteFileIsLinkedFromTheAnatomy() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String anatomy = readme.substring(readme.indexOf("## Anatomy"));
    List<String> routeFiles;
    try (Stream<Path> files = Files.walk(RouteFiles.ROUTES_DIR)) {
      routeFiles =
          files
              .filter(file -> file.toString().endsWith(".camel.yaml"))
              .map(file -> file.toString().replace('\\', '/'))
              .sorted()
              .toList();
    }
    assertThat(routeFiles).isNotEmpty();
    assertThat(routeFiles)
        .allSatisfy(file -> assertThat(anatomy).as("README Anatomy").contains("(" + file + ")"));
  }
}
