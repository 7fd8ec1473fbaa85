package io.retailhub.events;

/**
 * A CloudEvent that is not a hub event of the expected kind: wrong type, missing data, or data that
 * is not valid canonical JSON. The reason is meant for a dead-letter entry.
 */
public final class EventEnvelopeException extends RuntimeException {
  public EventEnvelopeException(String message) {
    super(message);
  }

  public EventEnvelopeException(String message, Throwable cause) {
    super(message, cause);
  }
}
