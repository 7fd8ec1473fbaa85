package io.retailhub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Submission latency of {@code POST /api/v1/orders} against the running sandbox ({@code ./mvnw
 * -Psandbox}): the ERP simulator gets a fixed latency, orders arrive open-loop at a fixed rate, and
 * each latency is measured from the intended send time (no coordinated omission). Prints p50, p90,
 * p99, max and the status counts.
 *
 * <p>Arguments (all optional): rate per second (100), seconds (30), ERP latency ms (50), hub URL,
 * ERP URL, JDBC URL of the hub database.
 */
public final class OrderSubmissionBenchmark {

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int erpLatencyMs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    String hub = args.length > 3 ? args[3] : "http://127.0.0.1:8080";
    String erp = args.length > 4 ? args[4] : "http://127.0.0.1:8092";
    String jdbc = args.length > 5 ? args[5] : "jdbc:postgresql://127.0.0.1:15432/hub";

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    long stock = 10L * rate * seconds;
    send(
        http,
        "POST",
        erp + "/__admin/materials",
        "{\"material\":\""
            + sku
            + "\",\"unitPrice\":\"10.00\",\"currency\":\"EUR\","
            + "\"stock\":[{\"plant\":\"WH01\",\"onHand\":"
            + stock
            + ",\"reserved\":0}]}");
    try (Connection connection = DriverManager.getConnection(jdbc, "postgres", null);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS inventory_position (sku VARCHAR(64) NOT NULL,"
              + " location VARCHAR(16) NOT NULL, on_hand BIGINT NOT NULL, reserved BIGINT NOT NULL,"
              + " available BIGINT NOT NULL, as_of TIMESTAMPTZ NOT NULL,"
              + " source_sequence BIGINT NOT NULL, PRIMARY KEY (sku, location))");
      statement.execute(
          "INSERT INTO inventory_position (sku, location, on_hand, reserved, available, as_of,"
              + " source_sequence) VALUES ('"
              + sku
              + "', 'WH01', "
              + stock
              + ", 0, "
              + stock
              + ", now(), 0) ON CONFLICT (sku, location) DO NOTHING");
    }
    send(http, "PUT", erp + "/__admin/faults", "{\"latencyMillis\":" + erpLatencyMs + "}");
    String partner = "1000003";
    String body =
        "{\"channel\":\"web\",\"fulfilmentType\":\"ship_to_home\",\"customerGoldenId\":\"GC-BENCH\","
            + "\"shippingAddress\":{\"type\":\"shipping\",\"line1\":\"Hauptstr. 1\",\"city\":\"Berlin\","
            + "\"countryCode\":\"DE\"},\"lines\":[{\"lineNumber\":1,\"sku\":\""
            + sku
            + "\",\"quantity\":1,"
            + "\"unitPrice\":{\"amount\":\"10.00\",\"currency\":\"EUR\"},"
            + "\"lineTotal\":{\"amount\":\"10.00\",\"currency\":\"EUR\"}}],"
            + "\"totalAmount\":{\"amount\":\"10.00\",\"currency\":\"EUR\"},"
            + "\"platformIds\":{\"erp\":\""
            + (args.length > 6 ? args[6] : partner)
            + "\"}}";

    try {
      // warm-up: JIT, connection pools, CSRF session
      run(http, hub, body, rate, Math.min(5, seconds));
      List<Long> latencies = new CopyOnWriteArrayList<>();
      Map<Integer, Integer> statuses = run(http, hub, body, rate, seconds, latencies);
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      System.out.printf(
          "orders=%d rate=%d/s erpLatency=%dms statuses=%s p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms%n",
          sorted.size(),
          rate,
          erpLatencyMs,
          statuses,
          ms(sorted, 0.50),
          ms(sorted, 0.90),
          ms(sorted, 0.99),
          sorted.get(sorted.size() - 1) / 1e6);
    } finally {
      send(http, "PUT", erp + "/__admin/faults", "{\"latencyMillis\":0}");
    }
  }

  private static Map<Integer, Integer> run(
      HttpClient http, String hub, String body, int rate, int seconds) throws InterruptedException {
    return run(http, hub, body, rate, seconds, new CopyOnWriteArrayList<>());
  }

  private static Map<Integer, Integer> run(
      HttpClient http, String hub, String body, int rate, int seconds, List<Long> latencies)
      throws InterruptedException {
    int total = rate * seconds;
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(total);
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime() + 10_000_000L;
    for (int i = 0; i < total; i++) {
      long intended = start + i * intervalNanos;
      pacer.schedule(
          () -> {
            HttpRequest request =
                HttpRequest.newBuilder(URI.create(hub + "/api/v1/orders"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "bench-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete(
                    (response, error) -> {
                      latencies.add(System.nanoTime() - intended);
                      statuses.merge(error == null ? response.statusCode() : -1, 1, Integer::sum);
                      done.countDown();
                    });
          },
          intended - System.nanoTime(),
          TimeUnit.NANOSECONDS);
    }
    done.await(seconds + 60L, TimeUnit.SECONDS);
    pacer.shutdownNow();
    return statuses;
  }

  private static double ms(List<Long> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }

  private static void send(HttpClient http, String method, String uri, String json)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + uri + " -> " + response.statusCode() + " " + response.body());
    }
  }

  private OrderSubmissionBenchmark() {}
}
