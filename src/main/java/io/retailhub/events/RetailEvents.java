package io.retailhub.events;

import io.cloudevents.kafka.impl.KafkaHeaders;
import java.net.URI;

/**
 * The names every hub event shares, defined once: the CloudEvents {@code source}, the schema base
 * URI, the correlation ID's HTTP header and CloudEvents extension, and the Kafka header names of
 * binary content mode, which come from the CloudEvents SDK.
 */
public final class RetailEvents {
  /** The {@code source} of every event the hub publishes. */
  public static final URI SOURCE = URI.create("/retailhub");

  /**
   * Base of the schemas' {@code $id}s. The files are {@code src/main/resources/schemas/v1/<name>
   * .schema.json}, and the hub serves each one at {@code GET /api/v1/schemas/<name>}.
   */
  public static final String SCHEMA_BASE_URI = "https://schemas.retailhub.io/v1/";

  public static final String DATA_CONTENT_TYPE = "application/json";

  /** The correlation ID's HTTP header, on every call the hub makes or takes. */
  public static final String CORRELATION_ID_HEADER = "X-Correlation-ID";

  /**
   * The correlation ID as a CloudEvents extension attribute (lower-case alphanumerics only, per the
   * spec); on Kafka it travels as the {@code ce_correlationid} header.
   */
  public static final String CORRELATION_ID_EXTENSION = "correlationid";

  /** The prefix of CloudEvents attribute headers in Kafka binary mode ({@code ce_}). */
  public static final String KAFKA_HEADER_PREFIX = SdkKafkaHeaders.prefix();

  /** The Kafka header carrying {@code datacontenttype} in binary mode. */
  public static final String KAFKA_CONTENT_TYPE_HEADER = KafkaHeaders.CONTENT_TYPE;

  public static final String KAFKA_ID_HEADER = SdkKafkaHeaders.headerOf("id");
  public static final String KAFKA_TYPE_HEADER = SdkKafkaHeaders.headerOf("type");
  public static final String KAFKA_SOURCE_HEADER = SdkKafkaHeaders.headerOf("source");
  public static final String KAFKA_SUBJECT_HEADER = SdkKafkaHeaders.headerOf("subject");
  public static final String KAFKA_TIME_HEADER = SdkKafkaHeaders.headerOf("time");
  public static final String KAFKA_CORRELATION_ID_HEADER =
      KAFKA_HEADER_PREFIX + CORRELATION_ID_EXTENSION;

  private RetailEvents() {}

  public static URI schemaUri(String schemaName) {
    return URI.create(SCHEMA_BASE_URI + schemaName + ".schema.json");
  }

  /** Reads the SDK's own header names, which it keeps protected, instead of spelling them again. */
  private static final class SdkKafkaHeaders extends KafkaHeaders {
    static String prefix() {
      return CE_PREFIX;
    }

    static String headerOf(String attribute) {
      String header = ATTRIBUTES_TO_HEADERS.get(attribute);
      if (header == null) {
        throw new IllegalStateException("the CloudEvents SDK has no Kafka header for " + attribute);
      }
      return header;
    }
  }
}
