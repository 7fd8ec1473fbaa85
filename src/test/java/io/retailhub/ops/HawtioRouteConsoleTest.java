package io.retailhub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.ExternalTool;
import io.retailhub.it.ExternalTool.Result;
import io.retailhub.it.SandboxTestResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Hawtio route console at /hawtio (docs/decisions/0051-hawtio-route-console.md): its Jolokia
 * agent reads the Camel route MBeans, only an ops:admin token gets in, the Jolokia policy refuses
 * every write and every operation the console does not need, and the console itself, driven in the
 * system's headless Chromium by src/test/js/hawtio-route-console.test.mjs, lists the hub's routes.
 * Needs node, npm and /usr/bin/chromium, like {@link OpsConsoleTest}.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class HawtioRouteConsoleTest {

  private static final Path SCRIPTS = Path.of("src", "test", "js");
  private static final String JOLOKIA = "/hawtio/jolokia";
  private static final String ROUTE = "proof-of-life-post";
  private static final String ROUTE_MBEAN =
      "org.apache.camel:context=retail-hub,type=routes,name=\"" + ROUTE + "\"";

  @Test
  void jolokiaReadsTheCamelRouteMBeansAndCountsTheirExchanges() {
    JsonPath before = jolokia(Map.of("type", "read", "mbean", ROUTE_MBEAN));
    assertThat(before.getInt("status")).isEqualTo(200);
    assertThat(before.getString("value.State")).isEqualTo("Started");
    assertThat(before.getString("value.RouteId")).isEqualTo(ROUTE);
    long exchangesBefore = before.getLong("value.ExchangesTotal");

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
                jolokia(Map.of("type", "read", "mbean", ROUTE_MBEAN, "attribute", "ExchangesTotal"))
                    .getLong("value"),
            exchanges -> exchanges > exchangesBefore);
  }

  @Test
  void theConsoleAndJolokiaRefuseCallersWithoutTheOpsAdminRole() {
    for (String path : List.of("/hawtio/", "/hawtio/camel/routes", JOLOKIA + "/version")) {
      given().when().get(path).then().statusCode(401);
      given()
          .header("Authorization", BearerTokens.bearer("ops:read", "ops:replay"))
          .when()
          .get(path)
          .then()
          .statusCode(403);
    }
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("type", "read", "mbean", ROUTE_MBEAN))
        .when()
        .post(JOLOKIA)
        .then()
        .statusCode(401);
  }

  @Test
  void jolokiaIsReadOnlyEvenForAnOpsAdmin() {
    JsonPath stop = jolokia(Map.of("type", "exec", "mbean", ROUTE_MBEAN, "operation", "stop()"));
    assertThat(stop.getInt("status")).isEqualTo(403);
    JsonPath write =
        jolokia(
            Map.of("type", "write", "mbean", ROUTE_MBEAN, "attribute", "Tracing", "value", true));
    assertThat(write.getInt("status")).isEqualTo(403);
    JsonPath systemProperties =
        jolokia(
            Map.of(
                "type",
                "read",
                "mbean",
                "java.lang:type=Runtime",
                "attribute",
                "SystemProperties"));
    assertThat(systemProperties.getInt("status")).isEqualTo(403);
    // nor any JVM operation (harmless here, but the rule is: nothing runs unless allowed)
    JsonPath gc =
        jolokia(Map.of("type", "exec", "mbean", "java.lang:type=Memory", "operation", "gc"));
    assertThat(gc.getInt("status")).isEqualTo(403);

    JsonPath after = jolokia(Map.of("type", "read", "mbean", ROUTE_MBEAN, "attribute", "State"));
    assertThat(after.getString("value")).isEqualTo("Started");
    // what the console needs to draw its views still runs
    JsonPath tree =
        jolokia(
            Map.of(
                "type",
                "exec",
                "mbean",
                "hawtio:type=security,name=RBACRegistry",
                "operation",
                "list()"));
    assertThat(tree.getInt("status")).isEqualTo(200);
  }

  @Test
  void theConsoleListsTheRoutesInHeadlessChromium() throws Exception {
    assertThat(ExternalTool.onPath("node") && ExternalTool.onPath("npm"))
        .as("node and npm on the PATH")
        .isTrue();
    assertThat(Path.of("/usr/bin/chromium")).as("apt-get install -y chromium").isExecutable();
    Result install = ExternalTool.npmInstall(SCRIPTS);
    assertThat(install.exitCode()).as("npm install output:%n%s", install.output()).isZero();

    Result console =
        run(
            List.of("node", "--test", "hawtio-route-console.test.mjs"),
            Map.of(
                "HUB_URL",
                Management.hubUrl(),
                "EXPECT_ROUTE",
                ROUTE,
                "HUB_TOKEN",
                BearerTokens.bearer("ops:admin").substring("Bearer ".length())));
    assertThat(console.exitCode()).as("hawtio test output:%n%s", console.output()).isZero();
    assertThat(console.output()).contains("# fail 0").doesNotContain("# pass 0");
  }

  private static JsonPath jolokia(Map<String, Object> request) {
    return given()
        .header("Authorization", BearerTokens.bearer("ops:admin"))
        .contentType(ContentType.JSON)
        .body(request)
        .when()
        .post(JOLOKIA)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Result run(List<String> command, Map<String, String> environment)
      throws Exception {
    return ExternalTool.run(command, SCRIPTS, environment);
  }
}
