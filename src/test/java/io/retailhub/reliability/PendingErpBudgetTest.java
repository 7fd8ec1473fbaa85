package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.DeadLetters;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.orders.OrderFixtures;
import io.retailhub.sandbox.erp.ErpSimulator;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * An ERP outage longer than the pending-ERP queue's budget ({@code
 * hub.orders.pending-erp.max-wait}, 70 s in the test profile): the waiting order is not dropped to
 * the broker's own dead-letter address but parked by the shared dead-letter writer, visible and
 * replayable through the ops API; replayed once the ERP is back, it is created exactly once.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class PendingErpBudgetTest {

  private static final String FLOW = "order-pending-erp";
  private static final String ACTOR = "ops-carol";

  @Inject AgroalDataSource dataSource;

  @Inject
  @jakarta.inject.Named("erpCircuitBreaker")
  io.github.resilience4j.circuitbreaker.CircuitBreaker erpBreaker;

  private final ErpSimulator erp = SandboxTestResource.stack().erp();

  @Test
  void anOrderThatOutwaitsItsBudgetIsParkedAsAReplayableDeadLetterAndCreatedOnceOnReplay()
      throws Exception {
    Duration budget =
        ConfigProvider.getConfig().getValue("hub.orders.pending-erp.max-wait", Duration.class);
    OrderFixtures fixtures = new OrderFixtures(dataSource);
    String sku = fixtures.material(Map.of("WH01", 100L));
    long createdBefore = erp.salesOrdersCreated();
    String hubOrderId;
    long entryId;

    erp.faults().outage(true);
    try {
      hubOrderId = OrderFixtures.submitExpectingPendingErp(sku);
      entryId =
          await()
              .atMost(budget.plusSeconds(60))
              .pollInterval(Duration.ofSeconds(1))
              .until(() -> deadLetterOf(hubOrderId), id -> id > 0);
      JsonPath parked = DeadLetters.entry(entryId);
      assertThat(parked.getString("flow")).isEqualTo(FLOW);
      assertThat(parked.getString("impact")).isEqualTo("ORDER_BLOCKING");
      assertThat(parked.getString("failureKind")).isEqualTo("transient");
      assertThat(parked.getString("status")).isEqualTo("OPEN");
      assertThat(parked.getString("replayUri")).isEqualTo("jms:queue:hub.orders.pending-erp");
      assertThat(parked.getString("exceptionClass")).contains("ErpUnavailableException");
      assertThat(parked.getInt("attempts"))
          .as("broker deliveries before the budget")
          .isGreaterThan(1);
      assertThat(parked.getString("body.hubOrderId")).isEqualTo(hubOrderId);
      // still waiting, not created, and no longer redelivered by the broker
      assertThat(fixtures.hubOrder(hubOrderId)).containsEntry("status", "PENDING_ERP");
      assertThat(erp.salesOrderByPurchaseOrder(hubOrderId)).isEmpty();
    } finally {
      erp.faults().outage(false);
    }

    DeadLetters.replay(entryId, ACTOR).statusCode(202).body("status", equalTo("REPLAYED"));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(fixtures.hubOrder(hubOrderId)).containsEntry("status", "CONFIRMED");
              assertThat(erp.salesOrderByPurchaseOrder(hubOrderId)).isPresent();
            });
    assertThat(erp.salesOrdersCreated() - createdBefore).as("one ERP order").isEqualTo(1);
    assertThat(DeadLetters.entry(entryId).getString("status")).isEqualTo("REPLAYED");
    assertThat(deadLettersOf(hubOrderId)).as("the replay parked nothing new").isEqualTo(1);
    // the outage opened the hub's one ERP breaker (shared by every ERP call): leave it no longer
    // open, so that the next test's first order is not answered PENDING_ERP for a past outage
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                erpBreaker.getState()
                    != io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
  }

  private long deadLetterOf(String hubOrderId) throws SQLException {
    return deadLettersNaming(hubOrderId, "min(id)");
  }

  private long deadLettersOf(String hubOrderId) throws SQLException {
    return deadLettersNaming(hubOrderId, "count(*)");
  }

  /** An aggregate over this flow's dead letters whose body names the order. */
  private long deadLettersNaming(String hubOrderId, String aggregate) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT "
                    + aggregate
                    + " FROM dead_letter WHERE flow = ?"
                    + " AND position(? in convert_from(body, 'UTF8')) > 0")) {
      select.setString(1, FLOW);
      select.setString(2, hubOrderId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
