package io.retailhub.events;

import io.cloudevents.CloudEvent;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.ValidationException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Reads the canonical record back out of a hub CloudEvent, checking that it is what it claims. */
public final class CanonicalEventReader {
  private CanonicalEventReader() {}

  /** The hub event type of this event, or empty when it is not one of ours. */
  public static Optional<RetailEventType<?>> typeOf(CloudEvent event) {
    return RetailEventType.byType(event.getType());
  }

  /**
   * The record carried by an event of the expected type. The subject must equal the record's entity
   * key, so that an event cannot be filed under one entity while describing another.
   *
   * @throws EventEnvelopeException for a wrong type, absent data, a subject mismatch, or data that
   *     is not valid canonical JSON (with the record's violations in the message)
   */
  public static <T> T read(CloudEvent event, RetailEventType<T> expected) {
    if (!expected.type().equals(event.getType())) {
      throw new EventEnvelopeException(
          "expected event type " + expected.type() + " but got " + event.getType());
    }
    if (event.getData() == null) {
      throw new EventEnvelopeException("event " + event.getId() + " carries no data");
    }
    T data;
    try {
      data = CanonicalJson.read(event.getData().toBytes(), expected.dataType());
    } catch (ValidationException invalid) {
      throw new EventEnvelopeException(
          "event "
              + event.getId()
              + " carries an invalid "
              + invalid.type()
              + ": "
              + invalid.violations(),
          invalid);
    } catch (UncheckedIOException unreadable) {
      throw new EventEnvelopeException(
          "event " + event.getId() + " carries data that is not JSON", unreadable);
    }
    String key = expected.entityKeyOf(data);
    if (!key.equals(event.getSubject())) {
      throw new EventEnvelopeException(
          "event "
              + event.getId()
              + " has subject "
              + event.getSubject()
              + " but its data is "
              + key);
    }
    return data;
  }
}
