package io.retailhub.connector.kafka;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Which message headers a canonical event carries onto Kafka: its CloudEvents attributes, the
 * correlation ID and the trace context, nothing else (no inbound HTTP header, no signature). A
 * producer endpoint names it as {@code headerFilterStrategy=#canonicalEventHeaders}. It replaces a
 * {@code removeHeaders} step before each send, whose exclude pattern Camel compiles anew for every
 * header of every message: a tenth of the webhook's CPU in a profile (docs/benchmarks.md).
 */
@ApplicationScoped
public class KafkaRecordHeaders {

  static final String ALLOWED = "(?i)ce_.*|content-type|X-Correlation-ID|traceparent|tracestate";

  @Produces
  @Unremovable
  @ApplicationScoped
  @Named("canonicalEventHeaders")
  HeaderFilterStrategy canonicalEventHeaders() {
    DefaultHeaderFilterStrategy allowList = new DefaultHeaderFilterStrategy();
    // a header that matches is kept, every other one is filtered out
    allowList.setFilterOnMatch(false);
    allowList.setOutFilterPattern(ALLOWED);
    return allowList;
  }
}
