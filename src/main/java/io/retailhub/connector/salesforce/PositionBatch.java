package io.retailhub.connector.salesforce;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Positions on their way to Salesforce in one sObject Collections call, one per key. */
public final class PositionBatch {
  private final Map<String, PendingPosition> byKey = new LinkedHashMap<>();

  /** Keeps only the newest position of each key (see {@link PendingPosition#newer}). */
  public void offer(PendingPosition position) {
    byKey.merge(position.key(), position, PendingPosition::newer);
  }

  public Collection<PendingPosition> positions() {
    return List.copyOf(byKey.values());
  }

  public int size() {
    return byKey.size();
  }

  @Override
  public String toString() {
    return "PositionBatch" + byKey.keySet();
  }
}
