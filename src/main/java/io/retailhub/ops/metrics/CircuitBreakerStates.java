package io.retailhub.ops.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@code hub_circuit_breaker_state{name,state}}: 1 for each breaker's current state, 0 for the
 * others. The breakers are the routes' {@code circuitBreaker} steps (Resilience4j or Fault
 * Tolerance), found through Camel's JMX management, which exposes each one's {@code
 * CircuitBreakerState}; {@code name} is the step's id. No breaker, no series.
 */
@ApplicationScoped
public class CircuitBreakerStates {

  public static final List<String> STATES = List.of("closed", "open", "half_open");
  static final String METER = "hub.circuit.breaker.state";
  private static final String STATE_ATTRIBUTE = "CircuitBreakerState";

  private final MeterRegistry registry;
  private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
  private final Map<String, ObjectName> breakers = new TreeMap<>();

  CircuitBreakerStates(MeterRegistry registry) {
    this.registry = registry;
  }

  void install(@Observes StartupEvent started) {
    try {
      for (ObjectName processor :
          mbeans.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null)) {
        boolean isBreaker =
            java.util.Arrays.stream(mbeans.getMBeanInfo(processor).getAttributes())
                .anyMatch(attribute -> attribute.getName().equals(STATE_ATTRIBUTE));
        if (isBreaker) {
          breakers.put(ObjectName.unquote(processor.getKeyProperty("name")), processor);
        }
      }
    } catch (Exception e) {
      return; // no JMX management: no breaker series
    }
    breakers.keySet().forEach(this::register);
  }

  private void register(String name) {
    for (String state : STATES) {
      Gauge.builder(METER, () -> state.equals(stateOf(name)) ? 1 : 0)
          .description("1 for the circuit breaker's current state, 0 otherwise")
          .tag("name", name)
          .tag("state", state)
          .register(registry);
    }
  }

  /** Current state per breaker name: closed, open or half_open. */
  public Map<String, String> states() {
    Map<String, String> states = new TreeMap<>();
    breakers.keySet().forEach(name -> states.put(name, stateOf(name)));
    return states;
  }

  private String stateOf(String name) {
    try {
      Object state = mbeans.getAttribute(breakers.get(name), STATE_ATTRIBUTE);
      return state == null ? "unknown" : state.toString().toLowerCase(Locale.ROOT);
    } catch (Exception e) {
      return "unknown";
    }
  }
}
