package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The decision on a return's refund. A rejection refunds nothing; an approval refunds something.
 * {@code refundId} is the ERP's credit memo request when one exists.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Refund(
    String returnId,
    String refundId,
    String hubOrderId,
    RefundDecision decision,
    Money amount,
    String reason,
    Instant decidedAt) {
  public Refund {
    Violations violations =
        Violations.of(Refund.class)
            .notBlank("returnId", returnId)
            .required("decision", decision)
            .required("amount", amount)
            .nonNegative("amount", amount)
            .required("decidedAt", decidedAt);
    if (decision != null && amount != null) {
      if (decision == RefundDecision.REJECTED) {
        violations.check(
            amount.amount().signum() == 0, "amount", "must be zero when the refund is rejected");
      } else {
        violations.check(
            amount.amount().signum() > 0, "amount", "must be positive when the refund is approved");
      }
    }
    violations.throwIfAny();
  }
}
