package io.retailhub.connector.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailhub.model.Platform;
import io.retailhub.ops.metrics.SalesforceApiBudget;
import org.junit.jupiter.api.Test;

/** The Salesforce gate's rate follows the org's API budget read from Sforce-Limit-Info. */
class OutboundThrottleRateTest {
  private static final int RATE = 20;
  private static final int LOW_BUDGET_RATE = 1;
  private static final double LOW_BUDGET_RATIO = 0.10;

  private final SalesforceApiBudget budget = new SalesforceApiBudget(new SimpleMeterRegistry());
  private final OutboundThrottle throttle =
      new OutboundThrottle(null, budget, RATE, LOW_BUDGET_RATE, LOW_BUDGET_RATIO);

  @Test
  void noReadingYetCountsAsAHealthyBudget() {
    assertThat(throttle.salesforceRequestsPerSecond()).isEqualTo(RATE);
  }

  @Test
  void aHealthyBudgetKeepsTheConfiguredRate() {
    budget.recordLimitInfo("api-usage=8999/10000");
    assertThat(throttle.salesforceRequestsPerSecond()).isEqualTo(RATE);
  }

  @Test
  void aLowBudgetDropsToTheLowBudgetRateAndARefilledOneRestoresIt() {
    budget.recordLimitInfo("api-usage=9901/10000");
    assertThat(throttle.salesforceRequestsPerSecond()).isEqualTo(LOW_BUDGET_RATE);

    // the daily budget resets: the next response reports plenty left again
    budget.recordLimitInfo("api-usage=12/10000");
    assertThat(throttle.salesforceRequestsPerSecond()).isEqualTo(RATE);
  }

  @Test
  void eachPlatformHasItsOwnGateEndpoint() {
    assertThat(OutboundThrottle.gateUri(Platform.ERP)).isEqualTo("direct:erp-outbound");
    assertThat(OutboundThrottle.gateUri(Platform.SALESFORCE))
        .isEqualTo("direct:salesforce-outbound");
    assertThat(OutboundThrottle.gateUri(Platform.SERVICEDESK))
        .isEqualTo("direct:servicedesk-outbound");
  }
}
