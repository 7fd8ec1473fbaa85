package io.retailhub.connector.erp;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one circuit breaker around the ERP (issue 8): the order create of {@code order-submission}
 * (its {@code circuitBreaker} step refers to this instance), the pending-ERP resubmission and the
 * stock reads (read-through of the inventory API, reconciliation) all count into it and all stop
 * calling while it is open. One breaker, because the ERP is one system behind one address: when its
 * stock service fails, its order service is rarely well, and an order that meets an open breaker
 * waits as PENDING_ERP instead of adding load. Its state is in {@code /q/health/ready}
 * (io.retailhub.ops.health.ErpCircuitBreakerCheck) and, through the route step, in {@code
 * hub_circuit_breaker_state}.
 */
@ApplicationScoped
public class ErpCircuitBreaker {

  public static final String NAME = "erp";

  @Produces
  @Singleton
  @Unremovable
  @Named("erpCircuitBreaker")
  CircuitBreaker erpCircuitBreaker(
      @ConfigProperty(name = "hub.orders.circuit.failure-rate-threshold") float failureRate,
      @ConfigProperty(name = "hub.orders.circuit.minimum-calls") int minimumCalls,
      @ConfigProperty(name = "hub.orders.circuit.window-size") int windowSize,
      @ConfigProperty(name = "hub.orders.circuit.open-seconds") int openSeconds) {
    return CircuitBreaker.of(
        NAME,
        CircuitBreakerConfig.custom()
            .failureRateThreshold(failureRate)
            .minimumNumberOfCalls(minimumCalls)
            .slidingWindowSize(windowSize)
            .waitDurationInOpenState(Duration.ofSeconds(openSeconds))
            // half-open after the wait even when no call comes, so health shows the truth
            .automaticTransitionFromOpenToHalfOpenEnabled(true)
            .build());
  }

  /** True when the failure is the breaker refusing the call, not the ERP answering badly. */
  public static boolean isOpen(Throwable failure) {
    return failure instanceof CallNotPermittedException;
  }
}
