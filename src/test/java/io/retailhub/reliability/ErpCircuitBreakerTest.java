package io.retailhub.reliability;

import static io.restassured.RestAssured.given;
import static io.retailhub.reliability.DeadLetterReplayTest.management;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.orders.OrderFixtures;
import io.retailhub.sandbox.erp.ErpSimulator;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hub's one ERP circuit breaker: its state is in {@code /q/health/ready} without making the pod
 * unready, and the order create and the pending-ERP resubmission share it (an open breaker sends no
 * order to the ERP; once it closes, the waiting order is created once).
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ErpCircuitBreakerTest {

  @Inject
  @Named("erpCircuitBreaker")
  CircuitBreaker breaker;

  @Inject AgroalDataSource dataSource;

  private final ErpSimulator erp = SandboxTestResource.stack().erp();

  @Test
  void anOpenBreakerShowsInReadinessWhichStaysUpAndHoldsOrdersUntilItCloses() throws Exception {
    assertThat(breakerHealth().getString("status")).isEqualTo("UP");
    assertThat(breakerHealth().getString("data.state")).isEqualTo("closed");
    OrderFixtures fixtures = new OrderFixtures(dataSource);
    String sku = fixtures.material(Map.of("WH01", 100L));
    long createdBefore = erp.salesOrdersCreated();
    String hubOrderId;

    breaker.transitionToForcedOpenState();
    try {
      JsonPath health = readiness(200);
      assertThat(health.getString("status"))
          .as("an open breaker keeps the pod ready")
          .isEqualTo("UP");
      assertThat(health.getString("checks.find { it.name == 'erp-circuit-breaker' }.data.state"))
          .isEqualTo("forced_open");

      hubOrderId = OrderFixtures.submitExpectingPendingErp(sku);
      // the resubmission meets the same open breaker: the order stays pending, nothing is created
      String waiting = hubOrderId;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> breaker.getMetrics().getNumberOfNotPermittedCalls() >= 2);
      assertThat(fixtures.hubOrder(waiting)).containsEntry("status", "PENDING_ERP");
      assertThat(erp.salesOrderByPurchaseOrder(waiting)).isEmpty();
    } finally {
      breaker.transitionToClosedState();
    }
    assertThat(breakerHealth().getString("data.state")).isEqualTo("closed");

    String confirmed = hubOrderId;
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> assertThat(fixtures.hubOrder(confirmed)).containsEntry("status", "CONFIRMED"));
    assertThat(erp.salesOrderByPurchaseOrder(confirmed)).isPresent();
    assertThat(erp.salesOrdersCreated() - createdBefore).isEqualTo(1);
  }

  private static JsonPath breakerHealth() {
    return readiness(-1).setRootPath("checks.find { it.name == 'erp-circuit-breaker' }");
  }

  /** GET /q/health/ready; {@code expectedStatus} -1 accepts any answer. */
  private static JsonPath readiness(int expectedStatus) {
    var response = given().when().get(management("/q/health/ready")).then();
    if (expectedStatus > 0) {
      response.statusCode(expectedStatus);
    }
    return response.extract().jsonPath();
  }
}
