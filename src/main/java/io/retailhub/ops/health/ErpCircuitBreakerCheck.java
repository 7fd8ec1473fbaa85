package io.retailhub.ops.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The ERP circuit breaker's state in {@code /q/health/ready}, for information: always UP. An open
 * breaker means the ERP is down, not this pod; taking the pod out of service would stop order
 * intake, which goes on without the ERP (orders wait as PENDING_ERP), and every pod would go
 * unready at once. Alerts on the breaker use {@code hub_circuit_breaker_state}.
 */
@Readiness
@ApplicationScoped
public class ErpCircuitBreakerCheck implements HealthCheck {

  private final CircuitBreaker breaker;

  ErpCircuitBreakerCheck(@Named("erpCircuitBreaker") CircuitBreaker breaker) {
    this.breaker = breaker;
  }

  @Override
  public HealthCheckResponse call() {
    CircuitBreaker.Metrics metrics = breaker.getMetrics();
    return HealthCheckResponse.named("erp-circuit-breaker")
        .up()
        .withData("name", breaker.getName())
        .withData("state", breaker.getState().name().toLowerCase(Locale.ROOT))
        .withData("failureRatePercent", Math.max(0, Math.round(metrics.getFailureRate())))
        .withData("bufferedCalls", metrics.getNumberOfBufferedCalls())
        .withData("notPermittedCalls", metrics.getNumberOfNotPermittedCalls())
        .build();
  }
}
