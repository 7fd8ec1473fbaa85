package io.retailhub.ops.metrics;

import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Feeds {@link SalesforceApiBudget} from any endpoint's reply that carries the {@code
 * Sforce-Limit-Info} header (the Salesforce REST API puts it on every response), so no flow has to
 * call the budget itself. Only that one header is read.
 */
@Singleton
@Unremovable
public class SalesforceLimitListener extends EventNotifierSupport {

  private final SalesforceApiBudget budget;

  @Inject
  public SalesforceLimitListener(SalesforceApiBudget budget) {
    this.budget = budget;
    setIgnoreCamelContextEvents(true);
    setIgnoreCamelContextInitEvents(true);
    setIgnoreRouteEvents(true);
    setIgnoreServiceEvents(true);
    setIgnoreStepEvents(true);
    setIgnoreExchangeCreatedEvent(true);
    setIgnoreExchangeCompletedEvent(true);
    setIgnoreExchangeFailedEvents(true);
    setIgnoreExchangeRedeliveryEvents(true);
    setIgnoreExchangeSendingEvents(true);
    setIgnoreExchangeAsyncProcessingStartedEvents(true);
  }

  @Override
  public boolean isEnabled(CamelEvent event) {
    return event instanceof ExchangeSentEvent;
  }

  @Override
  public void notify(CamelEvent event) {
    ExchangeSentEvent sent = (ExchangeSentEvent) event;
    Exchange exchange = sent.getExchange();
    Object limitInfo = exchange.getMessage().removeHeader(SalesforceApiBudget.LIMIT_INFO_HEADER);
    if (limitInfo != null) {
      // read once, then gone: a header left on the message was reported again by every later
      // send of the exchange (a redelivery seconds later re-recorded an exhausted budget after
      // Salesforce had reset it)
      budget.recordLimitInfo(
          limitInfo.toString(), System.nanoTime() - sent.getTimeTaken() * 1_000_000);
    }
  }
}
