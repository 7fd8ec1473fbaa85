package io.retailhub.ops.deadletter;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.eclipse.microprofile.config.Config;

/**
 * The per-flow reliability settings, {@code hub.flows.<flow>.*}, where the flow is the route group
 * of the route that consumed the message. Read on each use so that a flow file added later needs no
 * Java change.
 */
@ApplicationScoped
public class FlowSettings {

  /** The flow name used when a route has no group (a mistake RoutesStartTest should catch). */
  public static final String UNGROUPED = "ungrouped";

  /**
   * Route id to flow. Asked on every exchange (metrics, latency, dead letters), and Camel's {@code
   * getRoute} copies the whole route list under one lock for each call: under load the hub's HTTP
   * threads queued on that lock (docs/decisions/0061). A route's group is its file stem, and its id
   * starts with that stem (RouteNotationTest), so the mapping of an id cannot change while the hub
   * runs.
   */
  private static final Map<String, String> FLOW_BY_ROUTE_ID = new ConcurrentHashMap<>();

  private final Config config;

  FlowSettings(Config config) {
    this.config = config;
  }

  /** The flow of the route that created this exchange (its consumer), not of a sub-route. */
  public static String flowOf(Exchange exchange) {
    String routeId = exchange.getFromRouteId();
    if (routeId == null) {
      return UNGROUPED;
    }
    return flowOfRoute(exchange.getContext(), routeId);
  }

  public static String flowOfRoute(CamelContext camel, String routeId) {
    String cached = FLOW_BY_ROUTE_ID.get(routeId);
    if (cached != null) {
      return cached;
    }
    Route route = camel.getRoute(routeId);
    if (route == null) {
      return UNGROUPED; // not cached: the route may be added later
    }
    String group = route.getGroup();
    String flow = group == null || group.isBlank() ? UNGROUPED : group;
    FLOW_BY_ROUTE_ID.put(routeId, flow);
    return flow;
  }

  public BusinessImpact impact(String flow) {
    return value(flow, "impact").map(BusinessImpact::fromConfig).orElse(BusinessImpact.DEFERRABLE);
  }

  public Optional<String> replayUri(String flow) {
    return value(flow, "replay-uri");
  }

  /**
   * How often a transient failure is redelivered before the message is dead-lettered: the flow's
   * {@code max-redeliveries}, else the policy's default ({@code
   * hub.errors.<policy>.max-redeliveries}). A negative value means without bound.
   */
  public int maxRedeliveries(String flow, String policy) {
    return value(flow, "max-redeliveries")
        .or(
            () ->
                config.getOptionalValue("hub.errors." + policy + ".max-redeliveries", String.class))
        .map(Integer::parseInt)
        .orElse(3);
  }

  /** The longest Retry-After the hub honours before it treats the wait as its own backoff cap. */
  public long maxRetryAfterMillis() {
    return config.getOptionalValue("hub.errors.max-retry-after-ms", Long.class).orElse(60_000L);
  }

  private Optional<String> value(String flow, String key) {
    return config
        .getOptionalValue("hub.flows." + flow + "." + key, String.class)
        .filter(v -> !v.isBlank());
  }
}
