package io.retailhub.ops.tracing;

import io.quarkus.arc.Unremovable;
import io.retailhub.events.RetailEvents;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCreatedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Keeps the correlation ID on every message that leaves the hub. When a route's consumer creates an
 * exchange, the ID (the inbound header, or a new one for timers and other sources that have none)
 * is copied into an exchange property. Before every send to an endpoint (Kafka, JMS, HTTP), the
 * header is put back from that property if a step removed it; the Kafka and JMS components then
 * carry it as a record header / message property and the HTTP component as a request header. Only
 * the header and the property are read; message content is never evaluated.
 */
@Singleton
@Unremovable
public class CorrelationPropagation extends EventNotifierSupport {

  public static final String CORRELATION_PROPERTY = "HubCorrelationId";

  public CorrelationPropagation() {
    setIgnoreCamelContextEvents(true);
    setIgnoreCamelContextInitEvents(true);
    setIgnoreRouteEvents(true);
    setIgnoreServiceEvents(true);
    setIgnoreStepEvents(true);
    setIgnoreExchangeCompletedEvent(true);
    setIgnoreExchangeFailedEvents(true);
    setIgnoreExchangeRedeliveryEvents(true);
    setIgnoreExchangeSentEvents(true);
    setIgnoreExchangeAsyncProcessingStartedEvents(true);
  }

  @Override
  public boolean isEnabled(CamelEvent event) {
    return event instanceof ExchangeCreatedEvent || event instanceof ExchangeSendingEvent;
  }

  @Override
  public void notify(CamelEvent event) {
    Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
    String header =
        exchange.getMessage().getHeader(RetailEvents.CORRELATION_ID_HEADER, String.class);
    String kept = exchange.getProperty(CORRELATION_PROPERTY, String.class);
    if (event instanceof ExchangeCreatedEvent) {
      String correlationId = header != null ? header : UUID.randomUUID().toString();
      exchange.setProperty(CORRELATION_PROPERTY, correlationId);
      exchange.getMessage().setHeader(RetailEvents.CORRELATION_ID_HEADER, correlationId);
    } else if (header == null && kept != null) {
      exchange.getMessage().setHeader(RetailEvents.CORRELATION_ID_HEADER, kept);
    } else if (header != null && kept == null) {
      exchange.setProperty(CORRELATION_PROPERTY, header);
    }
  }
}
