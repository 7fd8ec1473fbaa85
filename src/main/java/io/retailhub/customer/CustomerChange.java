package io.retailhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.Platform;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Attributes one platform reports as changed on one record, at the platform's own change time (not
 * the hub's arrival time, which would let a slow event beat a newer one).
 */
public record CustomerChange(
    String goldenId,
    Platform source,
    String sourceRecordId,
    Instant sourceTimestamp,
    Map<String, JsonNode> attributes) {
  public CustomerChange {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceTimestamp, "sourceTimestamp");
    attributes = Map.copyOf(attributes);
  }
}
