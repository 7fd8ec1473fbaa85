package io.retailhub.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.it.TestRoutes;
import io.retailhub.sandbox.erp.ErpSimulator;
import io.retailhub.sandbox.support.SimulatorServer.JournalEntry;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller cannot steer an outbound call with Camel's own headers. A probe route (added for this
 * test) takes an API request and calls the ERP simulator; the attacker's request carries {@code
 * CamelHttpUri}, {@code CamelHttpPath} and {@code CamelHttpQuery} aimed at a local listener. The
 * listener must receive nothing and the ERP journal must show the normal path. A control call
 * proves the listener would have been reached had the headers got through.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class HeaderInjectionTest {

  private static final String PROBE_ROUTE = "security-probe-erp-call";
  private static final String PROBE_PATH = "/api/v1/service/security-probe/erp-service-document";

  @Inject CamelContext camel;

  private HttpServer attackerListener;
  private final AtomicInteger attackerHits = new AtomicInteger();
  private final List<Map<String, Object>> headersSeenByRoute = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    attackerListener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    attackerListener.createContext(
        "/",
        exchange -> {
          attackerHits.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    attackerListener.start();
    String erpServiceDocument =
        SandboxTestResource.stack().erp().baseUrl() + ErpSimulator.BUSINESS_PARTNER_SERVICE;
    TestRoutes.addAndStart(
        camel,
        new RouteBuilder() {
          @Override
          public void configure() {
            from("platform-http:" + PROBE_PATH + "?httpMethodRestrict=GET")
                .routeId(PROBE_ROUTE)
                .process(exchange -> headersSeenByRoute.add(exchange.getMessage().getHeaders()))
                // what every flow calling HTTP after an HTTP consumer must do: platform-http sets
                // CamelHttpUri/CamelHttpPath to the hub's own request, which http: would follow
                .removeHeaders("CamelHttp*")
                .to(erpServiceDocument + "?throwExceptionOnFailure=false")
                .removeHeaders("*")
                .setBody(constant("{\"probe\":\"called the ERP\"}"));
          }
        });
  }

  @AfterEach
  void stop() throws Exception {
    camel.getRouteController().stopRoute(PROBE_ROUTE);
    camel.removeRoute(PROBE_ROUTE);
    attackerListener.stop(0);
  }

  private String attackerUrl() {
    return "http://127.0.0.1:" + attackerListener.getAddress().getPort() + "/stolen";
  }

  @Test
  void camelHeadersFromTheCallerCannotRedirectTheOutboundCall() {
    String correlationId = "inject-" + UUID.randomUUID();
    String token = BearerTokens.bearer("service:read");
    given()
        .header("Authorization", token)
        .header("X-Correlation-ID", correlationId)
        .header("CamelHttpUri", attackerUrl())
        .header("CamelHttpPath", "/stolen")
        .header("CamelHttpQuery", "stolen=1")
        .header("camelhttpuri", attackerUrl())
        .header("HubDeadLetterRoute", "forged")
        .get(PROBE_PATH)
        .then()
        .statusCode(200);

    JournalEntry call =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> erpCallsWith(correlationId).stream().findFirst().orElse(null),
                entry -> entry != null);
    assertThat(call.path()).isEqualTo(ErpSimulator.BUSINESS_PARTNER_SERVICE);
    assertThat(call.query()).isNull();
    // the caller's token authorized the hub call; it is not handed on to the ERP
    assertThat(call.headers().values()).noneMatch(value -> value.contains(token.substring(7)));
    assertThat(call.headers().keySet())
        .noneMatch(name -> name.startsWith("camel") || name.startsWith("hub"));
    assertThat(attackerHits).hasValue(0);
    // and the caller's values never reached the route at all
    assertThat(headersSeenByRoute).hasSize(1);
    Map<String, Object> seen = headersSeenByRoute.get(0);
    assertThat(seen).doesNotContainKey("HubDeadLetterRoute");
    assertThat(seen.values())
        .noneMatch(value -> String.valueOf(value).contains("stolen"))
        .noneMatch(value -> String.valueOf(value).contains("forged"));
  }

  @Test
  void controlTheListenerIsReachedWhenTheHeaderIsSetInsideTheHub() {
    ProducerTemplate producer = camel.createProducerTemplate();
    String erpServiceDocument =
        SandboxTestResource.stack().erp().baseUrl() + ErpSimulator.BUSINESS_PARTNER_SERVICE;
    producer.sendBodyAndHeader(
        erpServiceDocument + "?throwExceptionOnFailure=false", null, "CamelHttpUri", attackerUrl());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(attackerHits).hasValue(1));
  }

  private static List<JournalEntry> erpCallsWith(String correlationId) {
    return SandboxTestResource.stack().erp().journal().stream()
        .filter(entry -> correlationId.equals(entry.headers().get("x-correlation-id")))
        .toList();
  }
}
