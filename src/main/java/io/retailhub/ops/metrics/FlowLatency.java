package io.retailhub.ops.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.Unremovable;
import io.retailhub.events.RetailEvents;
import io.retailhub.ops.deadletter.FlowSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code hub_flow_latency_seconds{flow}}, the end-to-end latency of every flow, and {@code
 * hub_flow_sla_seconds{flow}}, its target ({@code hub.flows.<flow>.sla}, e.g. {@code 30s}).
 *
 * <p>The flow is the group of the route whose consumer created the exchange. The clock starts at
 * the business event's time when the message carries one (the CloudEvents {@code time}, as the
 * Kafka header {@code ce_time} or the {@code CamelCloudEventTime} header) and otherwise when the
 * exchange was created; it stops when the exchange completes successfully. A flow of several routes
 * records each hop's completion, each measured from the same event time, so the slowest (last) hop
 * shapes the upper quantiles; {@code hub.flows.<flow>.latency-routes} (comma-separated route ids)
 * restricts the observation to the routes that finish the flow.
 *
 * <p>Every flow shares one bucket layout (the SLA values of all flows plus a fixed ladder), so
 * {@code histogram_quantile} can aggregate and compare flows.
 */
@Singleton
@Unremovable
public class FlowLatency extends EventNotifierSupport {

  static final String LATENCY_METER = "hub.flow.latency";
  static final String SLA_METER = "hub.flow.sla";
  private static final String CAMEL_CLOUD_EVENT_TIME = "CamelCloudEventTime";
  private static final Duration[] LADDER = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofHours(1)
  };

  private final MeterRegistry registry;
  private final Config config;
  private final Duration[] buckets;
  private final Map<String, Duration> slaByFlow;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  // asked on every completed exchange; the configuration does not change while the hub runs
  private final Map<String, Boolean> endsFlowByRoute = new ConcurrentHashMap<>();

  @Inject
  public FlowLatency(MeterRegistry registry) {
    this.registry = registry;
    this.config = ConfigProvider.getConfig();
    this.slaByFlow = configuredSlas(config);
    TreeSet<Duration> layout = new TreeSet<>(java.util.List.of(LADDER));
    layout.addAll(slaByFlow.values());
    this.buckets = layout.toArray(Duration[]::new);
    slaByFlow.forEach(
        (flow, sla) ->
            Gauge.builder(SLA_METER, () -> sla.toMillis() / 1000.0)
                .description("The configured end-to-end latency target of the flow")
                .baseUnit("seconds")
                .tag("flow", flow)
                .register(registry));
    setIgnoreCamelContextEvents(true);
    setIgnoreCamelContextInitEvents(true);
    setIgnoreRouteEvents(true);
    setIgnoreServiceEvents(true);
    setIgnoreStepEvents(true);
    setIgnoreExchangeCreatedEvent(true);
    setIgnoreExchangeFailedEvents(true);
    setIgnoreExchangeRedeliveryEvents(true);
    setIgnoreExchangeSendingEvents(true);
    setIgnoreExchangeSentEvents(true);
    setIgnoreExchangeAsyncProcessingStartedEvents(true);
  }

  /** The flows that declare an SLA target, with that target. */
  public Map<String, Duration> slaByFlow() {
    return slaByFlow;
  }

  @Override
  public boolean isEnabled(CamelEvent event) {
    return event instanceof ExchangeCompletedEvent;
  }

  @Override
  public void notify(CamelEvent event) {
    Exchange exchange = ((ExchangeCompletedEvent) event).getExchange();
    if (exchange.isFailed() || exchange.getFromRouteId() == null) {
      return;
    }
    String routeId = exchange.getFromRouteId();
    String flow = FlowSettings.flowOfRoute(exchange.getContext(), routeId);
    if (FlowSettings.UNGROUPED.equals(flow) || !endsFlow(flow, routeId)) {
      return;
    }
    Instant start =
        eventTime(exchange).orElse(Instant.ofEpochMilli(exchange.getClock().getCreated()));
    Duration latency = Duration.between(start, Instant.now());
    if (latency.isNegative()) {
      latency = Duration.ZERO; // clock skew between the event source and the hub
    }
    timer(flow).record(latency);
  }

  /**
   * Records one completion of a business flow that is not a route group: a step of a route that
   * finishes that flow names it (e.g. {@code order-status} and {@code shipment-update}, which both
   * end in the Salesforce writer of order progress). The clock starts at {@code start}, the
   * business event's time.
   */
  public void record(String flow, Instant start) {
    Duration latency = Duration.between(start, Instant.now());
    timer(flow).record(latency.isNegative() ? Duration.ZERO : latency);
  }

  private boolean endsFlow(String flow, String routeId) {
    return endsFlowByRoute.computeIfAbsent(
        routeId,
        id ->
            config
                .getOptionalValue("hub.flows." + flow + ".latency-routes", String[].class)
                .map(ids -> java.util.Arrays.asList(ids).contains(id))
                .orElse(true));
  }

  Timer timer(String flow) {
    return timers.computeIfAbsent(
        flow,
        name ->
            Timer.builder(LATENCY_METER)
                .description("End-to-end latency from the business event to the flow's completion")
                .tag("flow", name)
                .serviceLevelObjectives(buckets)
                .register(registry));
  }

  private static Optional<Instant> eventTime(Exchange exchange) {
    for (String header :
        new String[] {RetailEvents.KAFKA_TIME_HEADER, CAMEL_CLOUD_EVENT_TIME, "ce-time"}) {
      Object value = exchange.getMessage().getHeader(header);
      if (value instanceof Instant instant) {
        return Optional.of(instant);
      }
      if (value != null) {
        try {
          return Optional.of(java.time.OffsetDateTime.parse(value.toString()).toInstant());
        } catch (DateTimeParseException notATime) {
          // a malformed time is the producer's problem; fall back to the exchange's creation
        }
      }
    }
    return Optional.empty();
  }

  private static Map<String, Duration> configuredSlas(Config config) {
    Map<String, Duration> slas = new java.util.TreeMap<>();
    StreamSupport.stream(config.getPropertyNames().spliterator(), false)
        .filter(name -> name.startsWith("hub.flows.") && name.endsWith(".sla"))
        .forEach(
            name -> {
              String flow = name.substring("hub.flows.".length(), name.length() - ".sla".length());
              if (!flow.isEmpty() && !flow.contains(".")) {
                slas.put(flow, config.getValue(name, Duration.class));
              }
            });
    return slas;
  }
}
