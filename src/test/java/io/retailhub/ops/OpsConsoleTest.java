package io.retailhub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.ExternalTool;
import io.retailhub.it.ExternalTool.Result;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.ops.console.FlowSummary;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operations page (/console/) and its API (/ops/v1/flows). The page is driven in the system's
 * headless Chromium by src/test/js/ops-console.test.mjs (playwright-core), which compares every
 * number it shows with the API answer it rendered. Needs node, npm and /usr/bin/chromium.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class OpsConsoleTest {

  private static final Path SCRIPTS = Path.of("src", "test", "js");
  private static final String FLOW = "proof-of-life";
  private static final String REPLAY_FLOW = "reliability-probe";

  @Inject FlowSummary flowSummary;

  @Test
  void theSummaryListsEveryFlowWithItsSlaAndTheConnectors() {
    assertThat(flowSummary.summary()).containsKeys("flows", "connectors", "circuitBreakers");
    JsonPath summary =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .when()
            .get("/ops/v1/flows")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(summary.getList("flows.flow", String.class))
        .contains(FLOW, "order-submission")
        .doesNotContain("ops-console");
    assertThat(summary.getFloat("flows.find { it.flow == 'order-submission' }.slaSeconds"))
        .isEqualTo(5.0f);
    assertThat(summary.getString("flows.find { it.flow == 'proof-of-life' }.deadLettersLink"))
        .isEqualTo("/ops/v1/dead-letters?flow=proof-of-life");
    assertThat(summary.getList("connectors.name", String.class)).contains("kafka", "artemis");
    assertThat(given().when().get("/console/").then().statusCode(200).extract().asString())
        .contains("console.js");
  }

  @Test
  void theOperationsPageShowsTheApisNumbersAndRefreshes() throws Exception {
    assertThat(ExternalTool.onPath("node") && ExternalTool.onPath("npm"))
        .as("node and npm on the PATH")
        .isTrue();
    assertThat(Path.of("/usr/bin/chromium")).as("apt-get install -y chromium").isExecutable();
    given()
        .header("Authorization", BearerTokens.bearer("ops:admin"))
        .when()
        .post("/api/v1/heartbeats")
        .then()
        .statusCode(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                given()
                    .header("Authorization", BearerTokens.bearer("ops:read"))
                    .get("/ops/v1/flows")
                    .then()
                    .extract()
                    .jsonPath()
                    .getLong("flows.find { it.flow == 'proof-of-life' }.latency.count"),
            count -> count != null && count > 0);

    // an open dead letter on a flow with a replay entry point: the test-only probe refuses an
    // unknown SKU (a business failure, dead-lettered at once)
    String correlationId = "it-console-replay-" + java.util.UUID.randomUUID();
    var broker = SandboxTestResource.stack().artemis();
    try (var factory =
            new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                broker.url(), io.retailhub.sandbox.stack.ArtemisBroker.USER, broker.password());
        var connection = factory.createConnection()) {
      var session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
      var message =
          session.createTextMessage(
              "{\"key\":\"" + correlationId + "\",\"sku\":\"SKU-NOT-IN-THE-CATALOGUE\"}");
      message.setStringProperty("X_HYPHEN_Correlation_HYPHEN_ID", correlationId);
      session.createProducer(session.createQueue("test.reliability.probe")).send(message);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                given()
                    .header("Authorization", BearerTokens.bearer("ops:read"))
                    .get("/ops/v1/flows")
                    .then()
                    .extract()
                    .jsonPath()
                    .getLong("flows.find { it.flow == '" + REPLAY_FLOW + "' }.deadLetters"),
            open -> open != null && open > 0);

    Result install = ExternalTool.npmInstall(SCRIPTS);
    assertThat(install.exitCode()).as("npm install output:%n%s", install.output()).isZero();

    Result page =
        run(
            List.of("node", "--test", "ops-console.test.mjs"),
            Map.of(
                "HUB_URL",
                Management.hubUrl(),
                "EXPECT_FLOW",
                FLOW,
                "REPLAY_FLOW",
                REPLAY_FLOW,
                "HUB_TOKEN",
                BearerTokens.bearer("ops:read", "ops:replay").substring("Bearer ".length())));
    assertThat(page.exitCode()).as("ops console test output:%n%s", page.output()).isZero();
    assertThat(page.output()).contains("# pass 6").contains("# fail 0");
  }

  private static Result run(List<String> command, Map<String, String> environment)
      throws Exception {
    return ExternalTool.run(command, SCRIPTS, environment);
  }
}
