package io.retailhub.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Fixed-rate (open-loop) HTTP load: request {@code i} is due at {@code start + i / rate} whatever
 * happened to the earlier ones, and its latency is measured from that due time, not from when it
 * was actually sent. A slow server therefore shows up as latency instead of silently lowering the
 * offered rate (no coordinated omission).
 */
final class OpenLoop {

  /** The latency distribution and the answers of one run. */
  record Result(String name, int rate, Histogram latencies, Map<String, Integer> statuses) {
    double percentileMillis(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMillis() {
      return latencies.getMaxValue() / 1e6;
    }

    String summary() {
      return String.format(
          "%s: %d requests at %d/s, statuses %s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
          name,
          latencies.getTotalCount(),
          rate,
          new TreeMap<>(statuses),
          percentileMillis(50),
          percentileMillis(90),
          percentileMillis(99),
          maxMillis());
    }
  }

  private OpenLoop() {}

  /** The HTTP status, or the client-side failure (a timeout is the client giving up at 10 s). */
  private static String outcome(HttpResponse<?> response, Throwable error) {
    if (error == null) {
      return String.valueOf(response.statusCode());
    }
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    return cause.getClass().getSimpleName();
  }

  static HttpClient client() {
    // HTTP/1.1 explicitly: the default would try an h2c upgrade on every new connection
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Work started at its due time of a fixed-rate schedule. */
  @FunctionalInterface
  interface Paced {
    void start(int index, long dueNanos);
  }

  static Result run(
      String name, HttpClient http, int rate, Duration duration, IntFunction<HttpRequest> requests)
      throws InterruptedException {
    int total = (int) (rate * duration.toSeconds());
    // up to one minute, recorded with 3 significant digits
    Histogram latencies = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(total);
    pace(
        rate,
        duration,
        (index, due) ->
            http.sendAsync(requests.apply(index), HttpResponse.BodyHandlers.discarding())
                .whenComplete(
                    (response, error) -> {
                      latencies.recordValue(
                          Math.min(System.nanoTime() - due, latencies.getHighestTrackableValue()));
                      statuses.merge(outcome(response, error), 1, Integer::sum);
                      done.countDown();
                    }));
    if (!done.await(60, TimeUnit.SECONDS)) {
      System.out.printf("%s: %d requests never answered%n", name, done.getCount());
    }
    return new Result(name, rate, latencies, statuses);
  }

  /**
   * Starts {@code rate * seconds} tasks, task {@code i} at {@code start + i / rate}, on one pacing
   * thread, and returns when the last one has started. A task must hand slow work elsewhere (e.g.
   * an async send), or later tasks start late; their due time stays the one to measure from.
   */
  static void pace(int rate, Duration duration, Paced task) throws InterruptedException {
    int total = (int) (rate * duration.toSeconds());
    ScheduledThreadPoolExecutor pacer = new ScheduledThreadPoolExecutor(1);
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    try {
      for (int i = 0; i < total; i++) {
        long due = start + i * intervalNanos;
        int index = i;
        pacer.schedule(() -> task.start(index, due), due - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
      // delayed tasks still run after shutdown (the executor's default policy)
      pacer.shutdown();
      if (!pacer.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        System.out.println("pacer: tasks still not started after the run's duration + 60 s");
      }
    } finally {
      pacer.shutdownNow();
    }
  }
}
