package io.retailhub.ops.deadletter;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
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
    Route route = camel.getRoute(routeId);
    String group = route == null ? null : route.getGroup();
    return group == null || group.isBlank() ? UNGROUPED : group;
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
