package io.retailhub.ops.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.arc.Unremovable;
import io.retailhub.events.RetailEvents;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;

/**
 * Puts the exchange's correlation ID and the current trace ID into the logging MDC around every
 * step of every route, so each log line a flow writes (its own {@code log} steps, components, error
 * handlers) names both. Camel discovers this bean in the registry and applies it to all routes:
 * flows need no code of their own. The keys are restored afterwards, so a pooled thread never
 * carries an earlier exchange's IDs into unrelated log lines.
 */
@Singleton
@Unremovable
public class CorrelationMdc implements InterceptStrategy {

  public static final String CORRELATION_ID_KEY = "correlationId";
  public static final String TRACE_ID_KEY = "traceId";
  public static final String SPAN_ID_KEY = "spanId";

  /**
   * Camel Main only picks up an intercept strategy from the registry while none is configured, and
   * the tracer's own strategy is always there first; so this one adds itself before the routes are
   * built.
   */
  void install(@Observes BeforeConfigure configuring) {
    var extension = configuring.getCamelContext().getCamelContextExtension();
    if (!extension.getInterceptStrategies().contains(this)) {
      extension.addInterceptStrategy(this);
    }
  }

  @Override
  public Processor wrapProcessorInInterceptors(
      CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
    return new MdcScope(AsyncProcessorConverterHelper.convert(target));
  }

  /** The correlation ID of an exchange: its header, or the copy kept when a route removed it. */
  public static String correlationIdOf(Exchange exchange) {
    String header =
        exchange.getMessage().getHeader(RetailEvents.CORRELATION_ID_HEADER, String.class);
    return header != null
        ? header
        : exchange.getProperty(CorrelationPropagation.CORRELATION_PROPERTY, String.class);
  }

  private static final class MdcScope extends DelegateAsyncProcessor {

    MdcScope(AsyncProcessor processor) {
      super(processor);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
      String[] previous = enter(exchange);
      try {
        return processor.process(exchange, callback);
      } finally {
        leave(previous);
      }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
      String[] previous = enter(exchange);
      try {
        processor.process(exchange);
      } finally {
        leave(previous);
      }
    }

    private static String[] enter(Exchange exchange) {
      String[] previous = {
        MDC.get(CORRELATION_ID_KEY), MDC.get(TRACE_ID_KEY), MDC.get(SPAN_ID_KEY)
      };
      put(CORRELATION_ID_KEY, correlationIdOf(exchange));
      SpanContext span = Span.current().getSpanContext();
      if (span.isValid()) {
        MDC.put(TRACE_ID_KEY, span.getTraceId());
        MDC.put(SPAN_ID_KEY, span.getSpanId());
      }
      return previous;
    }

    private static void leave(String[] previous) {
      put(CORRELATION_ID_KEY, previous[0]);
      put(TRACE_ID_KEY, previous[1]);
      put(SPAN_ID_KEY, previous[2]);
    }

    private static void put(String key, String value) {
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    }
  }
}
