package io.retailhub.ops.tracing;

import io.quarkus.opentelemetry.runtime.config.runtime.OTelRuntimeConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.quarkus.component.opentelemetry2.CamelOpenTelemetry2Config;

/**
 * Replaces the default tracer bean of camel-quarkus-opentelemetry2 with {@link
 * ExclusionMemoTracer}, configured the same way: {@code quarkus.camel.opentelemetry2.*}, and no
 * tracer at all when the OpenTelemetry SDK is disabled.
 */
@Singleton
public class ExclusionMemoTracerProducer {

  @Produces
  @Singleton
  OpenTelemetryTracer tracer(
      CamelContext camelContext, CamelOpenTelemetry2Config config, OTelRuntimeConfig otel) {
    if (otel.sdkDisabled()) {
      return null;
    }
    ExclusionMemoTracer tracer = new ExclusionMemoTracer();
    config.excludePatterns().ifPresent(tracer::setExcludePatterns);
    tracer.setTraceProcessors(config.traceProcessors());
    tracer.init(camelContext);
    return tracer;
  }
}
