package io.retailhub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Probes and metrics on the management port, against the real servers. */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class HealthAndMetricsTest {

  private static String management(String path) {
    int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    if (port == 0) {
      port = ConfigProvider.getConfig().getValue("quarkus.management.port", Integer.class);
    }
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void readinessNamesEveryDependencyAndIsUp() {
    given()
        .when()
        .get(management("/q/health/ready"))
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            hasItems(
                "kafka",
                "artemis",
                "Database connections health check",
                "context",
                // Camel's route and consumer checks, through CamelHealthRepositories
                "routes",
                "consumers"));
    given().when().get(management("/q/health/live")).then().statusCode(200);
  }

  @Test
  void readinessGoesDownWhileArtemisIsDownAndRecovers() {
    var artemis = SandboxTestResource.stack().artemis();
    artemis.close();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                JsonPath health =
                    given()
                        .when()
                        .get(management("/q/health/ready"))
                        .then()
                        .statusCode(503)
                        .extract()
                        .jsonPath();
                assertThat(health.getString("checks.find { it.name == 'artemis' }.status"))
                    .isEqualTo("DOWN");
              });
    } finally {
      artemis.start();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> given().when().get(management("/q/health/ready")).then().statusCode(200));
  }

  @Test
  void metricsArePrometheusTextWithCamelRouteMetrics() {
    String metrics =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .when()
            .get(management("/q/metrics"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(metrics).contains("# TYPE").contains("route_id=\"proof-of-life-command\"");
  }
}
