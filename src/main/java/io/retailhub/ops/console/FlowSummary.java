package io.retailhub.ops.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.quarkus.arc.Unremovable;
import io.retailhub.ops.deadletter.FlowSettings;
import io.retailhub.ops.metrics.CircuitBreakerStates;
import io.retailhub.ops.metrics.FlowLatency;
import io.retailhub.ops.metrics.KafkaConsumerLag;
import io.retailhub.ops.metrics.SalesforceApiBudget;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The data behind {@code GET /ops/v1/flows} and the operations page: one row per flow (every route
 * group, every flow with an SLA), read from the same meters Prometheus scrapes, plus circuit
 * breakers, connector health and the Salesforce budget. Totals are since this pod started; the page
 * derives rates from consecutive readings.
 */
@ApplicationScoped
@Unremovable
@Named("flowSummary")
public class FlowSummary {

  static final List<String> OUTCOMES = List.of("in", "out", "failed", "dead_lettered");

  private final MeterRegistry registry;
  private final CamelContext camel;
  private final FlowLatency latency;
  private final KafkaConsumerLag lag;
  private final CircuitBreakerStates breakers;
  private final SalesforceApiBudget salesforceBudget;
  private final SmallRyeHealthReporter health;
  private final Set<String> hiddenFlows;
  private final FlowSettings settings;

  FlowSummary(
      MeterRegistry registry,
      CamelContext camel,
      FlowLatency latency,
      KafkaConsumerLag lag,
      CircuitBreakerStates breakers,
      SalesforceApiBudget salesforceBudget,
      SmallRyeHealthReporter health,
      FlowSettings settings,
      @ConfigProperty(name = "hub.ops.console.hidden-flows") Set<String> hiddenFlows) {
    this.settings = settings;
    this.registry = registry;
    this.camel = camel;
    this.latency = latency;
    this.lag = lag;
    this.breakers = breakers;
    this.salesforceBudget = salesforceBudget;
    this.health = health;
    this.hiddenFlows = hiddenFlows;
  }

  public Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("generatedAt", Instant.now().toString());
    List<Map<String, Object>> flows = new ArrayList<>();
    Map<String, String> groups = lag.groupByFlow();
    for (String flow : flowNames()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("flow", flow);
      Map<String, Long> messages = new LinkedHashMap<>();
      OUTCOMES.forEach(outcome -> messages.put(outcome, messages(flow, outcome)));
      row.put("messages", messages);
      row.put("latency", latencyOf(flow));
      var sla = latency.slaByFlow().get(flow);
      row.put("slaSeconds", sla == null ? null : seconds(sla.toMillis() / 1000.0));
      row.put("deadLetters", deadLetters(flow));
      row.put("deadLettersLink", "/ops/v1/dead-letters?flow=" + flow);
      // the bulk replay (POST, ops:replay) exists only for a flow with a replay entry point
      row.put(
          "replayLink",
          settings.replayUri(flow).isPresent() ? "/ops/v1/dead-letters/replay?flow=" + flow : null);
      String group = groups.get(flow);
      row.put("consumerLag", group == null ? null : (long) lag.lagOf(group));
      flows.add(row);
    }
    summary.put("flows", flows);
    List<Map<String, String>> circuits = new ArrayList<>();
    breakers.states().forEach((name, state) -> circuits.add(Map.of("name", name, "state", state)));
    summary.put("circuitBreakers", circuits);
    summary.put("connectors", connectors());
    summary.put(
        "salesforceApiRemainingRatio",
        salesforceBudget.remainingRatio().isPresent()
            ? seconds(salesforceBudget.remainingRatio().getAsDouble())
            : null);
    return summary;
  }

  private Set<String> flowNames() {
    Set<String> names = new TreeSet<>(latency.slaByFlow().keySet());
    for (Route route : camel.getRoutes()) {
      if (route.getGroup() != null) {
        names.add(route.getGroup());
      }
    }
    registry.find("hub.flow.messages").counters().stream()
        .map(counter -> counter.getId().getTag("flow"))
        .filter(java.util.Objects::nonNull)
        .forEach(names::add);
    names.removeAll(hiddenFlows);
    return names;
  }

  private long messages(String flow, String outcome) {
    return (long)
        registry
            .find("hub.flow.messages")
            .tag("flow", flow)
            .tag("outcome", outcome)
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  private long deadLetters(String flow) {
    return (long)
        registry.find("hub.dead.letters").tag("flow", flow).gauges().stream()
            .mapToDouble(Gauge::value)
            .filter(value -> !Double.isNaN(value))
            .sum();
  }

  private Map<String, Object> latencyOf(String flow) {
    Map<String, Object> latencyRow = new LinkedHashMap<>();
    Timer timer = registry.find("hub.flow.latency").tag("flow", flow).timer();
    if (timer == null || timer.count() == 0) {
      latencyRow.put("count", 0L);
      latencyRow.put("p99Seconds", null);
      latencyRow.put("maxSeconds", null);
      return latencyRow;
    }
    HistogramSnapshot snapshot = timer.takeSnapshot();
    latencyRow.put("count", snapshot.count());
    latencyRow.put("p99Seconds", seconds(p99UpperBound(snapshot)));
    latencyRow.put("maxSeconds", seconds(snapshot.max(TimeUnit.SECONDS)));
    return latencyRow;
  }

  /**
   * The upper bound of the bucket holding the 99th percentile, as Prometheus' histogram_quantile
   * would bound it; above the last bucket, the observed maximum.
   */
  static double p99UpperBound(HistogramSnapshot snapshot) {
    double target = Math.ceil(snapshot.count() * 0.99);
    for (CountAtBucket bucket : snapshot.histogramCounts()) {
      if (bucket.count() >= target) {
        return bucket.bucket(TimeUnit.SECONDS);
      }
    }
    return snapshot.max(TimeUnit.SECONDS);
  }

  private List<Map<String, String>> connectors() {
    List<Map<String, String>> connectors = new ArrayList<>();
    JsonObject readiness = health.getReadiness().getPayload();
    for (JsonValue check : readiness.getJsonArray("checks")) {
      JsonObject object = check.asJsonObject();
      connectors.add(
          Map.of("name", object.getString("name"), "status", object.getString("status")));
    }
    return connectors;
  }

  private static BigDecimal seconds(double value) {
    return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP);
  }
}
