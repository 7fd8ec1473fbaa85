package io.retailhub.api.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.api.HttpProblems;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

/**
 * Refuses a webhook delivery inside a Camel route: counts it ({@code
 * hub_webhook_rejected_total{source,reason}}), answers 401 problem+json and stops the route, so
 * nothing from the delivery reaches a flow.
 */
@ApplicationScoped
public class WebhookRejections {

  /** Why a delivery was refused; the wire code is the metric's {@code reason} label. */
  public enum Reason {
    MISSING_SIGNATURE,
    MALFORMED_TIMESTAMP,
    STALE_TIMESTAMP,
    BAD_SIGNATURE,
    NOT_CONFIGURED;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String METRIC = "hub.webhook.rejected";
  private static final Logger LOG = Logger.getLogger(WebhookRejections.class);

  private final MeterRegistry registry;

  public WebhookRejections(MeterRegistry registry) {
    this.registry = registry;
  }

  public void reject(Exchange exchange, String source, Reason reason) {
    registry.counter(METRIC, "source", source, "reason", reason.code()).increment();
    Message message = exchange.getMessage();
    String correlationId = message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class);
    LOG.warnf(
        "rejected %s webhook delivery: %s (correlation %s)", source, reason.code(), correlationId);
    message.removeHeaders("*", HttpEdgeFilter.CORRELATION_HEADER);
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
    message.setHeader(Exchange.CONTENT_TYPE, HttpProblems.PROBLEM_JSON);
    message.setBody(
        HttpProblems.body(
            401,
            "Unauthorized",
            "The webhook delivery is not signed correctly or is outside the accepted time window.",
            correlationId));
    exchange.setRouteStop(true);
  }
}
