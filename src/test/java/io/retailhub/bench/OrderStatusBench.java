package io.retailhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.stack.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Issue 6's propagation number: "the status change reaches Salesforce with p99 under 3 s". Orders
 * are submitted through the hub and confirmed in the ERP first; then, open loop at a fixed rate,
 * the ERP simulator's admin API moves each order to "partially processed" (B), which makes the ERP
 * emit its signed SalesOrder.Changed webhook. Latency of one order = from the admin call's due time
 * until the Salesforce simulator's Order shows Status "Shipped" (read in-process every 5 ms): ERP
 * webhook dispatch, hub webhook, Kafka, canonical mapping, Kafka again, the Salesforce writer.
 *
 * <p>The baseline, in the same run at the same rate: the bench's own direct upsert of the same
 * Orders in the Salesforce simulator (OAuth client credentials, PATCH by Hub_Order_Id__c), i.e. the
 * one Salesforce write every propagation ends with.
 *
 * <p>Arguments (optional): orders (100), status changes per second (10).
 */
public final class OrderStatusBench {

  private static final String API_VERSION = "v62.0";

  public static void main(String[] args) throws Exception {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10;

    try (BenchHub bench = BenchHub.start("order-status");
        LoadClient load = new LoadClient()) {
      HttpClient http = OpenLoop.client();
      SalesforceSimulator salesforce = bench.stack().salesforce();
      String sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
      long stock = 10L * orders;
      OrderSubmissionBench.createMaterial(http, bench.stack().erp().baseUrl(), sku, stock);
      OrderSubmissionBench.seedReadModel(bench, sku, stock);
      // a customer whose Salesforce Account carries the golden ID, so the Order can be created
      RetailSeed.Customer customer = RetailSeed.standard().customers().get(60);
      String body =
          OrderSubmissionBench.orderBody(sku, customer.erpBusinessPartner())
              .replace("\"GC-BENCH\"", "\"" + customer.goldenId() + "\"");
      String token = bench.bearer("orders:write");

      System.out.printf("bench: submitting %d orders%n", orders);
      List<String[]> submitted = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create(bench.hubUrl() + "/api/v1/orders"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", token)
                    .header("Idempotency-Key", "bench-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
          throw new IllegalStateException("order not created: " + answer.body());
        }
        JsonNode json = CanonicalJson.mapper().readTree(answer.body());
        submitted.add(
            new String[] {json.get("hubOrderId").asText(), json.get("erpOrderNumber").asText()});
      }
      // the ERP's own "created" event creates each Order in Salesforce; wait for all of them
      Result confirmed =
          awaitStatus(
              "creation (Confirmed)",
              salesforce,
              submitted,
              "Confirmed",
              new ConcurrentHashMap<>(),
              Duration.ofMinutes(3));
      System.out.println(confirmed.summary() + " (from the end of submission, not a figure)");

      System.out.println("load before hub: " + BenchHub.machineLoad());
      Result hub = statusChanges(bench, http, salesforce, submitted, rate);
      System.out.println("load after hub: " + BenchHub.machineLoad());
      OpenLoop.Result baseline =
          OpenLoop.run(
              "BASELINE direct Salesforce upsert of the Order (PATCH by Hub_Order_Id__c)",
              load,
              rate,
              Duration.ofSeconds(Math.max(1, orders / rate)),
              directUpsert(http, salesforce, bench, submitted));
      System.out.println("load at end: " + BenchHub.machineLoad());

      System.out.println();
      System.out.println("=== OrderStatusBench results ===");
      System.out.printf("%d orders, %d status changes/s%n", orders, rate);
      System.out.println(baseline.summary());
      System.out.println(hub.summary());
      System.out.printf(
          "hub p99 %.2f ms (target < 3000 ms); hub p99 minus baseline p99: %.2f ms%n",
          hub.percentileMillis(99), hub.percentileMillis(99) - baseline.percentileMillis(99));
    }
    System.exit(0);
  }

  /** Latencies of one phase, and how many orders never reached the status in time. */
  record Result(String name, Histogram latencies, int missing) {
    double percentileMillis(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1e6;
    }

    String summary() {
      return String.format(
          "%s: %d orders reached it, %d did not; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f"
              + " ms",
          name,
          latencies.getTotalCount(),
          missing,
          percentileMillis(50),
          percentileMillis(90),
          percentileMillis(99),
          latencies.getMaxValue() / 1e6);
    }
  }

  private static Result statusChanges(
      BenchHub bench,
      HttpClient http,
      SalesforceSimulator salesforce,
      List<String[]> orders,
      int rate)
      throws Exception {
    Map<String, Long> dueAt = new ConcurrentHashMap<>();
    Map<String, Long> wallDueMillis = new ConcurrentHashMap<>();
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    Map<String, Integer> adminStatuses = new ConcurrentHashMap<>();
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    String erp = bench.stack().erp().baseUrl();
    for (int i = 0; i < orders.size(); i++) {
      String[] order = orders.get(i);
      long due = start + i * intervalNanos;
      pacer.schedule(
          () -> {
            dueAt.put(order[0], due);
            wallDueMillis.put(order[0], System.currentTimeMillis());
            senders.execute(
                () -> {
                  try {
                    int status =
                        http.send(
                                HttpRequest.newBuilder(
                                        URI.create(
                                            erp + "/__admin/sales-orders/" + order[1] + "/status"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"B\"}"))
                                    .build(),
                                HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    adminStatuses.merge(String.valueOf(status), 1, Integer::sum);
                  } catch (Exception e) {
                    adminStatuses.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                  }
                });
          },
          due - System.nanoTime(),
          TimeUnit.NANOSECONDS);
    }
    Result result =
        awaitStatus(
            "HUB ERP status change -> Salesforce Order Status",
            salesforce,
            orders,
            "Shipped",
            dueAt,
            Duration.ofSeconds(orders.size() / rate + 60));
    pacer.shutdownNow();
    senders.shutdownNow();
    System.out.println("ERP admin answers: " + new TreeMap<>(adminStatuses));
    stages(bench, orders, wallDueMillis);
    return result;
  }

  /**
   * Polls the in-process Salesforce simulator until every order shows the status. Latency counts
   * from the order's due time in {@code dueAt}; orders without one count from when polling began.
   */
  private static Result awaitStatus(
      String name,
      SalesforceSimulator salesforce,
      List<String[]> orders,
      String status,
      Map<String, Long> dueAt,
      Duration limit)
      throws InterruptedException {
    Histogram latencies = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(5), 3);
    long began = System.nanoTime();
    long deadline = began + limit.toNanos();
    List<String> pending = new ArrayList<>(orders.stream().map(order -> order[0]).toList());
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      long now = System.nanoTime();
      pending.removeIf(
          hubOrderId -> {
            Object current =
                salesforce
                    .record("Order", "Hub_Order_Id__c", hubOrderId)
                    .map(order -> order.get("Status"))
                    .orElse(null);
            if (!status.equals(current)) {
              return false;
            }
            long from = dueAt.getOrDefault(hubOrderId, began);
            latencies.recordValue(
                Math.max(0, Math.min(now - from, latencies.getHighestTrackableValue())));
            return true;
          });
      // polling an in-process simulator that offers no change callback
      TimeUnit.MILLISECONDS.sleep(5);
    }
    return new Result(name, latencies, pending.size());
  }

  /**
   * Where the time goes, per order, from wall-clock stamps the pipeline leaves anyway: the Kafka
   * record timestamps of the forwarded ERP event (webhook answered) and of the canonical event
   * (intake done), and the audit record of the Salesforce upsert (writer done).
   */
  private static void stages(BenchHub bench, List<String[]> orders, Map<String, Long> wallDue)
      throws Exception {
    Map<String, Long> forwarded =
        recordTimes(bench, "retail.erp.events.v1", "\"OverallSDProcessStatus\":\"B\"");
    Map<String, Long> canonical =
        recordTimes(bench, "retail.order.status.v1", "\"status\":\"shipped\"");
    Map<String, Long> written = new HashMap<>();
    try (Connection connection =
            DriverManager.getConnection(
                bench.stack().postgres().jdbcUrl(), PostgresServer.USER, null);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT entity_key, occurred_at FROM audit_record"
                    + " WHERE action = 'order.status.salesforce-upsert'"
                    + " AND detail LIKE 'status shipped%'");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        written.put(rows.getString(1), rows.getTimestamp(2).getTime());
      }
    }
    Histogram webhook = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
    Histogram intake = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
    Histogram writer = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
    for (String[] order : orders) {
      Long due = wallDue.get(order[0]);
      Long erp = forwarded.get(order[1]);
      Long mapped = canonical.get(order[0]);
      Long upserted = written.get(order[0]);
      if (due != null && erp != null) {
        webhook.recordValue(Math.max(0, erp - due));
      }
      if (erp != null && mapped != null) {
        intake.recordValue(Math.max(0, mapped - erp));
      }
      if (mapped != null && upserted != null) {
        writer.recordValue(Math.max(0, upserted - mapped));
      }
    }
    System.out.println("stage: " + stage("admin call -> ERP event forwarded to Kafka", webhook));
    System.out.println("stage: " + stage("forwarded -> canonical event on Kafka", intake));
    System.out.println("stage: " + stage("canonical -> Salesforce upsert audited", writer));
  }

  private static String stage(String name, Histogram millis) {
    return String.format(
        "%s: %d orders, p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
        name,
        millis.getTotalCount(),
        millis.getValueAtPercentile(50),
        millis.getValueAtPercentile(90),
        millis.getValueAtPercentile(99),
        millis.getMaxValue());
  }

  /** Record timestamp per key of the records whose value contains the marker. */
  private static Map<String, Long> recordTimes(BenchHub bench, String topic, String marker) {
    Map<String, Long> times = new HashMap<>();
    bench.readTopic(
        topic,
        Duration.ofSeconds(30),
        record -> {
          if (record.value() != null && record.value().contains(marker)) {
            times.putIfAbsent(record.key(), record.timestamp());
          }
        });
    return times;
  }

  /** The bench's own write of the same field the hub writes, with a fresh OAuth token. */
  private static IntFunction<HttpRequest> directUpsert(
      HttpClient http, SalesforceSimulator salesforce, BenchHub bench, List<String[]> orders)
      throws Exception {
    BenchHub.SalesforceSession session = bench.salesforceLogin(http);
    String accessToken = session.accessToken();
    String instance = session.instanceUrl();
    return i ->
        HttpRequest.newBuilder(
                URI.create(
                    instance
                        + "/services/data/"
                        + API_VERSION
                        + "/sobjects/Order/Hub_Order_Id__c/"
                        + orders.get(i % orders.size())[0]))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + accessToken)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Status\":\"Shipped\"}"))
            .build();
  }

  private OrderStatusBench() {}
}
