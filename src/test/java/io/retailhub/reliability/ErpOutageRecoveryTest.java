package io.retailhub.reliability;

import static io.restassured.RestAssured.given;
import static io.retailhub.orders.OrderFixtures.knownBusinessPartner;
import static io.retailhub.orders.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.orders.OrderFixtures;
import io.retailhub.sandbox.erp.ErpSimulator;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Fault test 3 (issue 8), ERP outage: the ERP is unreachable for 60 s while orders keep arriving.
 * Nobody intervenes in the hub: its circuit breaker opens (seen in hub_circuit_breaker_state),
 * orders wait as PENDING_ERP, and once the ERP is back the breaker closes and every order is
 * created in the ERP exactly once.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ErpOutageRecoveryTest {
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  private static final Pattern BREAKER_STATE =
      Pattern.compile("hub_circuit_breaker_state\\{[^}]*state=\"([a-z_]+)\"[^}]*} 1\\.0");

  @Inject AgroalDataSource dataSource;

  private final ErpSimulator erp = SandboxTestResource.stack().erp();

  @Test
  void aSixtySecondErpOutageRecoversWithoutLosingAnOrder() throws Exception {
    long startedAt = System.nanoTime();
    OrderFixtures fixtures = new OrderFixtures(dataSource);
    String sku = fixtures.material(Map.of("WH01", 1000L));
    long createdBefore = erp.salesOrdersCreated();
    long deadLettersBefore = deadLetters();
    long duplicatesBefore = erp.duplicateCreateAttempts();
    List<String> pending = new ArrayList<>();
    List<String> synchronous = new ArrayList<>();
    Set<String> statesSeenDuringOutage = new TreeSet<>();

    erp.faults().outage(true);
    long outageEndsAt = System.nanoTime() + OUTAGE.toNanos();
    try {
      // orders keep arriving through the whole outage, about one a second
      while (System.nanoTime() < outageEndsAt) {
        JsonPath answer = submit(sku, 202);
        assertThat(answer.getString("status")).isEqualTo("PENDING_ERP");
        pending.add(answer.getString("hubOrderId"));
        statesSeenDuringOutage.addAll(breakerStates());
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      }
    } finally {
      erp.faults().outage(false);
    }
    assertThat(statesSeenDuringOutage).as("the breaker opened during the outage").contains("open");

    // the ERP is back: new orders are created synchronously again, and the breaker closes
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              JsonPath answer = submit(sku, -1);
              if (!"PENDING_ERP".equals(answer.getString("status"))) {
                synchronous.add(answer.getString("hubOrderId"));
              } else {
                pending.add(answer.getString("hubOrderId"));
              }
              assertThat(breakerStates()).containsOnly("closed");
              assertThat(synchronous).isNotEmpty();
            });
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (String hubOrderId : pending) {
                assertThat(fixtures.hubOrder(hubOrderId)).containsEntry("status", "CONFIRMED");
                assertThat(erp.salesOrderByPurchaseOrder(hubOrderId)).isPresent();
              }
            });
    long sent = pending.size() + synchronous.size();
    long created = erp.salesOrdersCreated() - createdBefore;
    System.out.printf(
        "erp-outage-test: outage=%d s, sent=%d orders (%d queued PENDING_ERP, %d created at once"
            + " after recovery), breaker states seen during outage=%s, created in ERP=%d,"
            + " duplicate create attempts absorbed by the ERP=%d, dead-lettered=%d, lost=%d, duplicated=%d,"
            + " runtime=%d s%n",
        OUTAGE.toSeconds(),
        sent,
        pending.size(),
        synchronous.size(),
        statesSeenDuringOutage,
        created,
        erp.duplicateCreateAttempts() - duplicatesBefore,
        deadLetters() - deadLettersBefore,
        sent - created,
        Math.max(0, created - sent),
        (System.nanoTime() - startedAt) / 1_000_000_000);
    assertThat(deadLetters()).as("new dead letters").isEqualTo(deadLettersBefore);
    assertThat(created).as("one ERP order per hub order").isEqualTo(sent);
  }

  /** Submits one order; {@code expectedStatus} -1 accepts 201 or 202. */
  private static JsonPath submit(String sku, int expectedStatus) {
    var response =
        given()
            .header("Authorization", BearerTokens.bearer("orders:write"))
            .contentType(ContentType.JSON)
            .header("Idempotency-Key", "erp-outage-" + UUID.randomUUID())
            .body(order("ship_to_home", knownBusinessPartner(), Map.of(sku, 1L)))
            .when()
            .post("/api/v1/orders")
            .then();
    if (expectedStatus > 0) {
      response.statusCode(expectedStatus);
    } else {
      response.statusCode(
          org.hamcrest.Matchers.anyOf(
              org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(202)));
    }
    return response.extract().jsonPath();
  }

  /** The current state of every circuit breaker, from the Prometheus scrape. */
  private static Set<String> breakerStates() {
    String metrics =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .when()
            .get(managementUrl("/q/metrics"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    Set<String> states = new TreeSet<>();
    Matcher matcher = BREAKER_STATE.matcher(metrics);
    while (matcher.find()) {
      states.add(matcher.group(1));
    }
    assertThat(states).as("hub_circuit_breaker_state series").isNotEmpty();
    return states;
  }

  private static String managementUrl(String path) {
    int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    return "http://127.0.0.1:" + port + path;
  }

  private long deadLetters() throws java.sql.SQLException {
    try (java.sql.Connection connection = dataSource.getConnection();
        java.sql.ResultSet row =
            connection.createStatement().executeQuery("SELECT count(*) FROM dead_letter")) {
      row.next();
      return row.getLong(1);
    }
  }
}
