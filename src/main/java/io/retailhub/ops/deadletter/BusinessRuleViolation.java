package io.retailhub.ops.deadletter;

/**
 * A message that is well-formed but breaks a business rule of the target (unknown SKU, order for a
 * closed store, refund above the order value). The error policy never retries it: it goes straight
 * to the flow's dead letters, where a person fixes the cause and replays it.
 */
public class BusinessRuleViolation extends RuntimeException {
  private final String rule;

  public BusinessRuleViolation(String rule, String message) {
    super(message);
    this.rule = rule;
  }

  /** A short stable name of the broken rule, e.g. {@code unknown-sku}. */
  public String rule() {
    return rule;
  }
}
