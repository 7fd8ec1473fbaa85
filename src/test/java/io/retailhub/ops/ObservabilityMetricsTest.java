package io.retailhub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.ExternalTool;
import io.retailhub.it.ExternalTool.Result;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.it.TestRoutes;
import io.retailhub.ops.metrics.SalesforceApiBudget;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * The metrics the alerts and dashboards rely on (docs/operations.md "Metrics the alerts rely on"),
 * read from /q/metrics of the running hub, and promtool's verdict on that output and on the shipped
 * alert rules.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ObservabilityMetricsTest {

  @Inject CamelContext camel;
  @Inject ProducerTemplate producer;
  @Inject SalesforceApiBudget salesforceBudget;

  /** The text with each label set written {@code {a="b"}}, without the optional trailing comma. */
  private static String metrics() {
    return rawMetrics().replace(",}", "}");
  }

  /** Prometheus text format 0.0.4: the format promtool lints (OpenMetrics is the default). */
  private static String rawMetrics() {
    return given()
        .header("Authorization", BearerTokens.bearer("ops:read"))
        .accept("text/plain; version=0.0.4")
        .when()
        .get(Management.url("/q/metrics"))
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private static double sample(String metrics, String seriesPrefix) {
    Matcher line =
        Pattern.compile("(?m)^" + Pattern.quote(seriesPrefix) + "\\S*\\s+(\\S+)$").matcher(metrics);
    return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
  }

  @Test
  void slaTargetsComeFromConfiguration() {
    String metrics = metrics();
    assertThat(sample(metrics, "hub_flow_sla_seconds{flow=\"order-submission\"}")).isEqualTo(5.0);
    assertThat(sample(metrics, "hub_flow_sla_seconds{flow=\"shipment-update\"}")).isEqualTo(120.0);
  }

  @Test
  void aHeartbeatIsTimedEndToEndAndItsConsumerLagIsReported() {
    double before = count(metrics(), "proof-of-life");
    given()
        .header("Authorization", BearerTokens.bearer("ops:admin"))
        .when()
        .post("/api/v1/heartbeats")
        .then()
        .statusCode(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String metrics = metrics();
              assertThat(count(metrics, "proof-of-life")).isGreaterThan(before);
              assertThat(metrics)
                  .contains("hub_flow_latency_seconds_bucket{flow=\"proof-of-life\",le=\"10.0\"}");
              assertThat(sample(metrics, "hub_kafka_consumer_lag{flow=\"proof-of-life\"}"))
                  .isGreaterThanOrEqualTo(0.0);
            });
  }

  @Test
  void latencyStartsAtTheCloudEventTime() throws Exception {
    String flow = "observability-latency-probe";
    TestRoutes.addAndStart(
        camel,
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:" + flow).routeId(flow).routeGroup(flow).log("latency probe");
          }
        });
    try {
      // an event that happened 40 s ago and completes now took 40 s, not the route's few millis
      producer.sendBodyAndHeader(
          "direct:" + flow, "{}", "ce_time", Instant.now().minusSeconds(40).toString());
      String metrics = metrics();
      String series = "hub_flow_latency_seconds_bucket{flow=\"" + flow + "\",le=";
      assertThat(sample(metrics, series + "\"30.0\"}")).isEqualTo(0.0);
      assertThat(sample(metrics, series + "\"60.0\"}")).isEqualTo(1.0);
      assertThat(sample(metrics, "hub_flow_latency_seconds_count{flow=\"" + flow + "\"}"))
          .isEqualTo(1.0);
    } finally {
      camel.getRouteController().stopRoute(flow);
      camel.removeRoute(flow);
    }
  }

  @Test
  void salesforceBudgetIsTheRemainingShareOfTheLimitHeader() {
    salesforceBudget.recordLimitInfo("api-usage=1350/15000");
    assertThat(sample(metrics(), "hub_salesforce_api_remaining_ratio")).isEqualTo(0.91);
    salesforceBudget.recordLimitInfo("per-app-api-usage=1/10(appName=x)");
    assertThat(sample(metrics(), "hub_salesforce_api_remaining_ratio"))
        .as("a header without api-usage leaves the reading alone")
        .isEqualTo(0.91);
  }

  @Test
  void promtoolAcceptsTheMetricsOutput() throws Exception {
    assertThat(ExternalTool.onPath("promtool"))
        .as("promtool: apt-get install -y prometheus")
        .isTrue();
    given()
        .header("Authorization", BearerTokens.bearer("ops:admin"))
        .when()
        .post("/api/v1/heartbeats")
        .then()
        .statusCode(202);
    Path file = Files.createTempFile("hub-metrics", ".prom");
    Files.writeString(file, rawMetrics());
    Result lint = run(List.of("promtool", "check", "metrics"), file);
    assertThat(lint.output())
        .as("promtool check metrics; the metrics were:%n%s", Files.readString(file))
        .isEmpty();
    assertThat(lint.exitCode()).isZero();
  }

  @Test
  void promtoolAcceptsTheAlertRules() throws Exception {
    assertThat(ExternalTool.onPath("promtool"))
        .as("promtool: apt-get install -y prometheus")
        .isTrue();
    // a PrometheusRule's spec is a Prometheus rules file indented under "spec:"
    List<String> lines = Files.readAllLines(Path.of("k8s", "base", "prometheusrule.yaml"));
    int spec = lines.indexOf("spec:");
    assertThat(spec).isPositive();
    StringBuilder rules = new StringBuilder();
    for (String line : lines.subList(spec + 1, lines.size())) {
      assertThat(line.isBlank() || line.startsWith("  "))
          .as("only spec follows: %s", line)
          .isTrue();
      rules.append(line.isBlank() ? "" : line.substring(2)).append('\n');
    }
    Path file = Files.createTempFile("hub-rules", ".yaml");
    Files.writeString(file, rules);
    Result check = run(List.of("promtool", "check", "rules", file.toString()), null);
    assertThat(check.exitCode()).as("promtool check rules:%n%s", check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 13 rules found");
  }

  private static double count(String metrics, String flow) {
    double count = sample(metrics, "hub_flow_latency_seconds_count{flow=\"" + flow + "\"}");
    return Double.isNaN(count) ? 0 : count;
  }

  private static Result run(List<String> command, Path stdin) throws Exception {
    return ExternalTool.run(
        command, null, java.util.Map.of(), stdin, java.time.Duration.ofSeconds(60));
  }
}
