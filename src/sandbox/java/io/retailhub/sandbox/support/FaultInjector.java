package io.retailhub.sandbox.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runtime-switchable faults of one simulated platform. Tests and engineers flip them through the
 * simulator's {@code /__admin/faults} endpoint; every request passes through {@link #before} first.
 */
public final class FaultInjector {

  /** A fault that answers the request instead of the simulator. */
  public record InjectedResponse(int status, Map<String, String> headers, Object body) {}

  private volatile long latencyMillis;
  private volatile double errorRate;
  private volatile boolean outage;
  private volatile int forcedStatus;
  private volatile boolean dropWebhooks;
  private final AtomicInteger lostCreateAnswers = new AtomicInteger();

  /**
   * Applies the configured latency, then decides whether a fault answers this request.
   *
   * @return the injected answer, or {@code null} to let the simulator serve it
   */
  public InjectedResponse before() {
    long latency = latencyMillis;
    if (latency > 0) {
      try {
        Thread.sleep(latency); // simulated platform latency, not a test wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (outage) {
      return new InjectedResponse(503, Map.of(), Map.of("error", "simulated outage"));
    }
    int forced = forcedStatus;
    if (forced > 0) {
      return new InjectedResponse(
          forced, Map.of("Retry-After", "1"), Map.of("error", "forced " + forced));
    }
    if (errorRate > 0 && ThreadLocalRandom.current().nextDouble() < errorRate) {
      return new InjectedResponse(500, Map.of(), Map.of("error", "simulated error"));
    }
    return null;
  }

  /**
   * Whether the answer to a create (POST) the simulator has just made is lost on its way back, as
   * when a proxy times out after the platform committed: the caller sees a 504 for a record that
   * exists.
   */
  public boolean loseCreateAnswer() {
    return lostCreateAnswers.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
  }

  /** The answers of this many next successful creates (POST) are lost. */
  public void lostCreateAnswers(int count) {
    lostCreateAnswers.set(count);
  }

  public boolean outage() {
    return outage;
  }

  public boolean dropWebhooks() {
    return dropWebhooks;
  }

  public int forcedStatus() {
    return forcedStatus;
  }

  public void latency(Duration latency) {
    this.latencyMillis = latency.toMillis();
  }

  public void outage(boolean outage) {
    this.outage = outage;
  }

  public void errorRate(double errorRate) {
    if (errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException("errorRate must be within [0, 1]");
    }
    this.errorRate = errorRate;
  }

  /** Answers every request with this status (for example 429 or 403); 0 switches it off. */
  public void forcedStatus(int status) {
    this.forcedStatus = status;
  }

  public void dropWebhooks(boolean drop) {
    this.dropWebhooks = drop;
  }

  public void clear() {
    latencyMillis = 0;
    errorRate = 0;
    outage = false;
    forcedStatus = 0;
    dropWebhooks = false;
    lostCreateAnswers.set(0);
  }

  public Map<String, Object> describe() {
    return Map.of(
        "latencyMillis", latencyMillis,
        "errorRate", errorRate,
        "outage", outage,
        "forcedStatus", forcedStatus,
        "dropWebhooks", dropWebhooks,
        "lostCreateAnswers", lostCreateAnswers.get());
  }

  /** Applies a partial update as sent to the admin endpoint. */
  public void update(Map<String, Object> changes) {
    changes.forEach(
        (key, value) -> {
          switch (key) {
            case "latencyMillis" -> latency(Duration.ofMillis(((Number) value).longValue()));
            case "errorRate" -> errorRate(((Number) value).doubleValue());
            case "outage" -> outage((Boolean) value);
            case "forcedStatus" -> forcedStatus(((Number) value).intValue());
            case "dropWebhooks" -> dropWebhooks((Boolean) value);
            case "lostCreateAnswers" -> lostCreateAnswers(((Number) value).intValue());
            default -> throw new IllegalArgumentException("unknown fault: " + key);
          }
        });
  }
}
