package io.retailhub.ops.deadletter;

import java.time.Instant;
import java.util.Map;

/** One dead-letter entry as stored: the original message plus why and where it failed. */
public record DeadLetter(
    long id,
    String flow,
    BusinessImpact impact,
    Status status,
    FailureKind failureKind,
    String routeId,
    String endpoint,
    String exceptionClass,
    String exceptionMessage,
    int attempts,
    String correlationId,
    String sourceKey,
    String replayUri,
    Map<String, String> headers,
    byte[] body,
    Instant createdAt,
    Long replayOf,
    Long supersededBy,
    String replayOutcome,
    Instant resolvedAt,
    String resolvedBy,
    String discardReason) {

  /** Where an entry is in its life: waiting, sent back into its flow, or thrown away. */
  public enum Status {
    OPEN,
    REPLAYED,
    DISCARDED
  }

  /** What the writer knows when a flow gives up on a message. */
  public record New(
      String flow,
      BusinessImpact impact,
      FailureKind failureKind,
      String routeId,
      String endpoint,
      String exceptionClass,
      String exceptionMessage,
      int attempts,
      String correlationId,
      String sourceKey,
      String replayUri,
      Map<String, String> headers,
      byte[] body,
      Long replayOf) {}
}
