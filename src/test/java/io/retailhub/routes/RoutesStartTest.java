package io.retailhub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.SandboxTestResource;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * Every route file under {@code routes/} loads, every route in it starts, and every placeholder
 * resolves.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class RoutesStartTest {

  @Inject CamelContext camel;
  @Inject Config config;

  private final RouteFiles routes = RouteFiles.load();

  @Test
  void everyDeclaredRouteIsStarted() {
    List<String> declared =
        routes.files().stream().flatMap(file -> file.routeIds().stream()).toList();
    assertThat(declared).isNotEmpty().doesNotHaveDuplicates();
    for (String id : declared) {
      assertThat(camel.getRouteController().getRouteStatus(id))
          .as("status of route %s", id)
          .isEqualTo(ServiceStatus.Started);
    }
  }

  @Test
  void everyPlaceholderIsDefined() {
    for (RouteFiles.RouteFile file : routes.files()) {
      for (String placeholder : file.requiredPlaceholders()) {
        assertThat(config.getOptionalValue(placeholder, String.class))
            .as("{{%s}} in %s", placeholder, file.path())
            .isPresent();
      }
    }
  }
}
