package io.retailhub.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.retailhub.model.CanonicalJson;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds a hub CloudEvent from a canonical record: {@code type} and {@code dataschema} from the
 * {@link RetailEventType}, {@code subject} = the entity key, a fresh {@code id}, {@code time} = now
 * (UTC), {@code data} = the record's canonical JSON. The clock and ID source are injectable so that
 * tests can pin them.
 */
public final class CanonicalEventFactory {
  private final Clock clock;
  private final Supplier<String> ids;

  public CanonicalEventFactory(Clock clock, Supplier<String> ids) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** UTC wall clock and random UUIDs. */
  public static CanonicalEventFactory systemDefault() {
    return new CanonicalEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString());
  }

  public <T> CloudEvent create(RetailEventType<T> type, T data) {
    return create(type, data, null);
  }

  /** As {@link #create(RetailEventType, Object)}, carrying the correlation ID when there is one. */
  public <T> CloudEvent create(RetailEventType<T> type, T data, String correlationId) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(ids.get())
            .withSource(RetailEvents.SOURCE)
            .withType(type.type())
            .withSubject(type.entityKeyOf(data))
            .withTime(clock.instant().atOffset(ZoneOffset.UTC))
            .withDataSchema(type.dataSchema())
            .withDataContentType(RetailEvents.DATA_CONTENT_TYPE)
            .withData(CanonicalJson.toBytes(data));
    if (correlationId != null && !correlationId.isBlank()) {
      builder.withExtension(RetailEvents.CORRELATION_ID_EXTENSION, correlationId);
    }
    return builder.build();
  }
}
