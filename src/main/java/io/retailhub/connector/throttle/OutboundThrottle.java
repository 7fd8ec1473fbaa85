package io.retailhub.connector.throttle;

import io.quarkus.arc.Unremovable;
import io.retailhub.model.Platform;
import io.retailhub.ops.metrics.SalesforceApiBudget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Java side of the per-platform outbound throttles. The throttles themselves are Camel Throttle
 * EIPs, one per platform, in {@code routes/connectors/<platform>-outbound.camel.yaml}; route steps
 * reach them with {@code to: direct:<platform>-outbound}. Connector clients that send several HTTP
 * requests in one route step (CSRF fetch then POST, a paged read) call {@link #acquire} before each
 * request instead, so every request to a platform takes exactly one permit of the same throttle,
 * whichever flow sends it.
 */
@ApplicationScoped
@Unremovable
@Named("outboundThrottle")
public class OutboundThrottle {

  private final ProducerTemplate producer;
  private final SalesforceApiBudget budget;
  private final int salesforceRate;
  private final int salesforceLowBudgetRate;
  private final double salesforceLowBudgetRatio;

  OutboundThrottle(
      ProducerTemplate producer,
      SalesforceApiBudget budget,
      @ConfigProperty(name = "hub.throttle.salesforce.requests-per-second") int salesforceRate,
      @ConfigProperty(name = "hub.throttle.salesforce.low-budget-requests-per-second")
          int salesforceLowBudgetRate,
      @ConfigProperty(name = "hub.throttle.salesforce.low-budget-ratio")
          double salesforceLowBudgetRatio) {
    this.producer = producer;
    this.budget = budget;
    this.salesforceRate = salesforceRate;
    this.salesforceLowBudgetRate = salesforceLowBudgetRate;
    this.salesforceLowBudgetRatio = salesforceLowBudgetRatio;
  }

  /**
   * Waits, on the caller's thread, until the platform's throttle lets one more request through.
   * Call it immediately before each HTTP request to the platform.
   */
  public void acquire(Platform platform) {
    producer.sendBody(gateUri(platform), null);
  }

  /** The gate endpoint of a platform: {@code direct:<wire code>-outbound}. */
  public static String gateUri(Platform platform) {
    return "direct:" + platform.wireCode() + "-outbound";
  }

  /**
   * The Salesforce gate's rate for the next request: the configured rate, or the low-budget rate
   * once the last {@code Sforce-Limit-Info} reading left less than the configured share of the
   * org's daily requests. No reading yet counts as a healthy budget.
   */
  public int salesforceRequestsPerSecond() {
    boolean budgetLow = budget.remainingRatio().orElse(1.0) < salesforceLowBudgetRatio;
    return budgetLow ? salesforceLowBudgetRate : salesforceRate;
  }
}
