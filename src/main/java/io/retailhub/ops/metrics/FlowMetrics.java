package io.retailhub.ops.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.retailhub.ops.deadletter.DeadLetterStore;
import io.retailhub.ops.deadletter.FlowSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.jboss.logging.Logger;

/**
 * {@code hub_flow_messages_total{flow,outcome}} for every route that has a group (the flow), and
 * {@code hub_dead_letters{flow,impact}}, the number of OPEN dead letters. in = an exchange created
 * by one of the flow's consumers; out = such an exchange completed; failed = it completed with an
 * unhandled failure (the broker or Kafka will redeliver it); dead_lettered = the flow gave up and
 * the DeadLetterWriter parked it (it does not also count as out).
 */
@ApplicationScoped
public class FlowMetrics {

  public static final String DEAD_LETTERED_PROPERTY = "HubDeadLettered";
  private static final Logger LOG = Logger.getLogger(FlowMetrics.class);
  private static final long DEPTH_REFRESH_MILLIS = 5_000;

  private final MeterRegistry registry;
  private final DeadLetterStore store;
  private final CamelContext camel;
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
  private final Map<List<String>, Long> depth = new ConcurrentHashMap<>();
  private final Set<List<String>> gauges = ConcurrentHashMap.newKeySet();
  private volatile long depthReadAt;

  FlowMetrics(MeterRegistry registry, DeadLetterStore store, CamelContext camel) {
    this.registry = registry;
    this.store = store;
    this.camel = camel;
  }

  void install(@Observes StartupEvent started) throws Exception {
    EventNotifierSupport notifier =
        new EventNotifierSupport() {
          @Override
          public void notify(CamelEvent event) {
            onExchangeEvent((ExchangeEvent) event);
          }

          @Override
          public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeCreatedEvent
                || event instanceof CamelEvent.ExchangeCompletedEvent
                || event instanceof CamelEvent.ExchangeFailedEvent;
          }
        };
    notifier.setIgnoreCamelContextEvents(true);
    notifier.setIgnoreRouteEvents(true);
    notifier.setIgnoreServiceEvents(true);
    notifier.setIgnoreStepEvents(true);
    notifier.setIgnoreExchangeSendingEvents(true);
    notifier.setIgnoreExchangeSentEvents(true);
    notifier.setIgnoreExchangeRedeliveryEvents(true);
    camel.getManagementStrategy().addEventNotifier(notifier);
    ServiceHelper.startService(notifier);
    refreshDepth(true);
  }

  private void onExchangeEvent(ExchangeEvent event) {
    Exchange exchange = event.getExchange();
    if (exchange.getFromRouteId() == null) {
      return; // a producer template's exchange (replay, tests): counted where it enters a flow
    }
    String flow = FlowSettings.flowOf(exchange);
    if (event instanceof CamelEvent.ExchangeCreatedEvent) {
      count(flow, "in");
    } else if (event instanceof CamelEvent.ExchangeFailedEvent) {
      count(flow, "failed");
    } else if (!exchange.getProperty(DEAD_LETTERED_PROPERTY, false, Boolean.class)) {
      count(flow, "out");
    }
  }

  public void count(String flow, String outcome) {
    counters
        .computeIfAbsent(
            List.of(flow, outcome),
            key ->
                Counter.builder("hub.flow.messages")
                    .description("Messages per flow and outcome")
                    .tag("flow", flow)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  /** Re-reads the OPEN counts now (after a write, replay or discard) or when they are stale. */
  public void refreshDepth(boolean now) {
    long time = System.currentTimeMillis();
    if (!now && time - depthReadAt < DEPTH_REFRESH_MILLIS) {
      return;
    }
    depthReadAt = time;
    try {
      Map<List<String>, Long> counts = store.openCounts();
      depth.replaceAll((key, old) -> counts.getOrDefault(key, 0L));
      counts.forEach(
          (key, count) -> {
            depth.put(key, count);
            if (gauges.add(key)) {
              Gauge.builder("hub.dead.letters", depth, d -> gaugeValue(key))
                  .description("Open dead letters per flow and business impact")
                  .tag("flow", key.get(0))
                  .tag("impact", key.get(1).toLowerCase(java.util.Locale.ROOT))
                  .register(registry);
            }
          });
    } catch (SQLException e) {
      LOG.warnf("dead-letter depth not refreshed: %s", e.getMessage());
    }
  }

  private double gaugeValue(List<String> key) {
    refreshDepth(false);
    return depth.getOrDefault(key, 0L);
  }
}
