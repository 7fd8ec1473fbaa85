package io.retailhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.Platform;
import java.util.List;
import java.util.Map;

/**
 * The result of applying one change: the new golden record, the attributes that changed, the writes
 * that were refused, and per platform the attribute values the hub must write there.
 */
public record MergeOutcome(
    GoldenCustomer merged,
    Map<String, JsonNode> applied,
    List<AttributeConflict> conflicts,
    Map<Platform, Map<String, JsonNode>> outbound) {
  public MergeOutcome {
    applied = Map.copyOf(applied);
    conflicts = List.copyOf(conflicts);
    outbound = Map.copyOf(outbound);
  }

  public boolean changed() {
    return !applied.isEmpty();
  }
}
