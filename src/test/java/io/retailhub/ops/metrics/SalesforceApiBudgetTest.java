package io.retailhub.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SalesforceApiBudgetTest {

  @Test
  void aLateAnswerToAnEarlierRequestDoesNotReplaceTheReadingOfALaterOne() {
    SalesforceApiBudget budget = new SalesforceApiBudget(new SimpleMeterRegistry());
    long refusedWhileExhausted = System.nanoTime();
    long sentAfterTheReset = refusedWhileExhausted + 1_000_000;

    budget.recordLimitInfo("api-usage=100/15000", sentAfterTheReset);
    budget.recordLimitInfo("api-usage=15000/15000", refusedWhileExhausted);

    assertThat(budget.remainingRatio().orElseThrow()).isGreaterThan(0.99);
  }

  @Test
  void readingsInSendingOrderEachReplaceTheLast() {
    SalesforceApiBudget budget = new SalesforceApiBudget(new SimpleMeterRegistry());
    long first = System.nanoTime();

    budget.recordLimitInfo("api-usage=100/15000", first);
    budget.recordLimitInfo("api-usage=15000/15000", first + 1);

    assertThat(budget.remainingRatio().orElseThrow()).isZero();
  }
}
