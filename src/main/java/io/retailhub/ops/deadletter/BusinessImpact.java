package io.retailhub.ops.deadletter;

import io.retailhub.model.WireCoded;

/**
 * What a dead letter costs the business while it waits, declared per flow in {@code
 * hub.flows.<flow>.impact}. Operations work the queue in this order.
 */
public enum BusinessImpact implements WireCoded {
  /** An order cannot progress (not created in the ERP, not confirmed to the customer). */
  ORDER_BLOCKING("order_blocking"),
  /** A customer sees something wrong or stale (stock, status, tracking, a ticket). */
  CUSTOMER_VISIBLE("customer_visible"),
  /** Can wait for the next business day (reporting, enrichment, reconciliation noise). */
  DEFERRABLE("deferrable");

  private final String wireCode;

  BusinessImpact(String wireCode) {
    this.wireCode = wireCode;
  }

  @Override
  public String wireCode() {
    return wireCode;
  }

  /** Accepts the wire code or the constant name, as engineers write either in properties. */
  public static BusinessImpact fromConfig(String value) {
    for (BusinessImpact impact : values()) {
      if (impact.name().equalsIgnoreCase(value) || impact.wireCode.equalsIgnoreCase(value)) {
        return impact;
      }
    }
    throw new IllegalArgumentException("unknown business impact " + value);
  }
}
