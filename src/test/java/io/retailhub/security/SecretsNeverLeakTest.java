package io.retailhub.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.sandbox.identity.LocalTokenIssuer;
import io.retailhub.security.HubEndpoints.HubEndpoint;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The credentials the hub was started with (the sandbox invents them per run, so their values are
 * known here) appear neither in the test run's log file nor in any answer of any endpoint,
 * including probes and metrics.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class SecretsNeverLeakTest {

  /** Configuration keys whose values are credentials. */
  private static final Set<String> SECRET_KEYS =
      Set.of(
          "hub.artemis.password",
          "hub.erp.webhook-secret",
          "hub.servicedesk.api-token",
          "hub.servicedesk.webhook-secret");

  @Inject CamelContext camel;

  @ConfigProperty(name = "quarkus.log.file.path")
  String logFile;

  private static Map<String, String> secrets() {
    Map<String, String> config = SandboxTestResource.stack().hubConfig();
    assertThat(config.keySet()).containsAll(SECRET_KEYS);
    return config.entrySet().stream()
        .filter(entry -> SECRET_KEYS.contains(entry.getKey()))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  @Test
  void noSecretIsInTheLogOfThisTestRun() throws Exception {
    // give the hub reasons to log: refused webhooks, refused tokens, an accepted request
    given().contentType("application/json").body("{}").post("/webhooks/servicedesk/tickets");
    given().header("Authorization", "Bearer forged").get("/api/v1/heartbeats");
    Path log = Path.of(logFile);
    assertThat(log).exists();
    String logged = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(logged).as("the log must have content to be meaningful").contains("retail-hub");
    secrets()
        .forEach(
            (key, value) ->
                assertThat(logged).as("value of %s in %s", key, log).doesNotContain(value));
  }

  @Test
  void noEndpointAnswerContainsASecret() {
    String everyRole =
        "Bearer "
            + SandboxTestResource.stack()
                .tokenIssuer()
                .issue("leak-test", LocalTokenIssuer.HUB_SCOPES, Duration.ofMinutes(5));
    List<String> answers = new ArrayList<>();
    for (HubEndpoint endpoint : HubEndpoints.of(camel)) {
      if (endpoint.method().equals("GET")) {
        answers.add(given().header("Authorization", everyRole).get(endpoint.path()).asString());
      }
    }
    for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/info")) {
      answers.add(
          given()
              .header("Authorization", BearerTokens.bearer("ops:read"))
              .get(ManagementPort.url(path))
              .asString());
    }
    assertThat(String.join("\n", answers)).contains("UP");
    secrets()
        .forEach(
            (key, value) ->
                assertThat(answers)
                    .as("value of %s", key)
                    .noneMatch(answer -> answer.contains(value)));
  }
}
