package io.retailhub.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.stack.PostgresServer;
import io.retailhub.sandbox.support.SimulatorServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Issue 6's submission number: {@code POST /api/v1/orders} at a fixed rate (open loop, latency from
 * each request's due time) with the ERP simulator answering after a fixed latency. The baseline, in
 * the same run and with the same client and rate, is the ERP simulator's own {@code A_SalesOrder}
 * create called directly with the body the hub sends, so "p99 minus baseline p99" is what the hub
 * adds (API, security, idempotency key, validation, availability check, ERP client).
 *
 * <p>Arguments (optional): rate per second (100), seconds (20), ERP latency ms (50), warm-up
 * seconds (60), ERP events per webhook (1), hub re-warm seconds (30). Every order makes the ERP
 * send the hub two business events (stock and sales order changed), which the hub works on while
 * later orders are measured; above 1 the ERP simulator sends what it has waiting in batches of up
 * to that many.
 */
public final class OrderSubmissionBench {

  private static final String SALES_ORDER_SERVICE = "/sap/opu/odata/sap/API_SALES_ORDER_SRV";

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int erpLatencyMs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    // long enough for the JIT to finish the hot paths: on two cores its compiler threads took
    // most of the hub's CPU in a measured phase after a 5 s warm-up, much of it after 15 s
    Duration warmUp = Duration.ofSeconds(args.length > 3 ? Integer.parseInt(args[3]) : 60);
    Duration measured = Duration.ofSeconds(seconds);
    int erpEventsPerWebhook = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    // the baseline's minutes leave the hub with webhooks alone: its JIT recompiled the shared Camel
    // paths for that mix and deoptimised them when orders came back, inside the measured phase
    Duration reWarm = Duration.ofSeconds(args.length > 5 ? Integer.parseInt(args[5]) : 30);

    try (BenchHub bench = BenchHub.start("orders");
        LoadClient load = new LoadClient()) {
      HttpClient http = OpenLoop.client();
      String erp = bench.stack().erp().baseUrl();
      String sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
      // enough stock for every order of every phase: each order reserves one unit
      long stock = 10L * rate * (seconds + warmUp.toSeconds()) * 2;
      createMaterial(http, erp, sku, stock);
      seedReadModel(bench, sku, stock);
      String orderBody =
          orderBody(sku, RetailSeed.standard().customers().get(3).erpBusinessPartner());
      String token = bench.bearer("orders:write");

      bench.stack().erp().faults().latency(Duration.ofMillis(erpLatencyMs));
      bench.stack().erp().eventsPerWebhook(erpEventsPerWebhook);
      try {
        OpenLoop.Result hubWarmUp =
            OpenLoop.run("warm-up hub", load, rate, warmUp, i -> hubOrder(bench, token, orderBody));
        System.out.println(hubWarmUp.summary());
        String salesOrderCreate = salesOrderCreateTheHubSent(bench);
        ErpSession session = ErpSession.fetch(http, erp);
        OpenLoop.Result erpWarmUp =
            OpenLoop.run(
                "warm-up erp", load, rate, warmUp, i -> erpCreate(erp, session, salesOrderCreate));
        System.out.println(erpWarmUp.summary());

        System.out.println(
            "load before baseline: " + BenchHub.machineLoad() + erpWebhookBacklog(bench));
        OpenLoop.Result baseline =
            OpenLoop.run(
                "BASELINE ERP simulator A_SalesOrder create (direct)",
                load,
                rate,
                measured,
                i -> erpCreate(erp, session, salesOrderCreate));
        // the warm-ups and the baseline left the ERP's events of 14,000 orders for the hub to work
        // on; measured on top of that backlog, the hub phase showed the backlog, not 100 orders/s
        long drainStart = System.nanoTime();
        boolean drained = awaitErpEventsDelivered(bench, Duration.ofMinutes(5));
        System.out.printf(
            "ERP event backlog %s in %.1f s%n",
            drained ? "delivered" : "NOT delivered", (System.nanoTime() - drainStart) / 1e9);
        if (!reWarm.isZero()) {
          OpenLoop.Result hubReWarm =
              OpenLoop.run(
                  "re-warm hub", load, rate, reWarm, i -> hubOrder(bench, token, orderBody));
          System.out.println(hubReWarm.summary());
        }
        System.out.println("load before hub: " + BenchHub.machineLoad() + erpWebhookBacklog(bench));
        double hubCpuBefore = bench.hubCpuSeconds();
        OpenLoop.Result hub =
            OpenLoop.run(
                "HUB POST /api/v1/orders",
                load,
                rate,
                measured,
                i -> hubOrder(bench, token, orderBody));
        double hubCpu = bench.hubCpuSeconds() - hubCpuBefore;
        System.out.println("load after hub: " + BenchHub.machineLoad() + erpWebhookBacklog(bench));

        System.out.println();
        System.out.println("=== OrderSubmissionBench results ===");
        System.out.printf(
            "ERP simulator latency %d ms, %d orders/s, up to %d ERP events per webhook%n",
            erpLatencyMs, rate, erpEventsPerWebhook);
        System.out.println(baseline.summary());
        System.out.println(hub.summary());
        System.out.printf(
            "hub p99 minus ERP latency: %.2f ms (target < 30 ms); hub p99 minus baseline p99:"
                + " %.2f ms; hub p50 minus baseline p50: %.2f ms%n",
            hub.percentileMillis(99) - erpLatencyMs,
            hub.percentileMillis(99) - baseline.percentileMillis(99),
            hub.percentileMillis(50) - baseline.percentileMillis(50));
        System.out.printf(
            "hub CPU during the hub phase: %.1f s, %.1f ms per order sent (all hub work: orders,"
                + " the ERP's webhooks, consumers)%n",
            hubCpu, hubCpu * 1000 / Math.max(1, rate * seconds));
        System.out.println("load at end: " + BenchHub.machineLoad());
      } finally {
        bench.stack().erp().faults().clear();
      }
    }
    System.exit(0);
  }

  /**
   * Each ERP create makes the simulator post two signed webhooks to the hub (stock and sales order
   * changed), so the hub works on the events of earlier phases while a phase is measured.
   */
  private static String erpWebhookBacklog(BenchHub bench) {
    return ", ERP webhooks " + bench.stack().erp().webhookStats();
  }

  private static boolean awaitErpEventsDelivered(BenchHub bench, Duration most)
      throws InterruptedException {
    long deadline = System.nanoTime() + most.toNanos();
    while (bench.stack().erp().webhookStats().get("pending") > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      // polling the simulator: it offers no completion callback
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return true;
  }

  private static HttpRequest hubOrder(BenchHub bench, String token, String body) {
    return HttpRequest.newBuilder(URI.create(bench.hubUrl() + "/api/v1/orders"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Authorization", token)
        .header("Idempotency-Key", "bench-" + UUID.randomUUID())
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** The CSRF token and session cookie SAP requires on a modifying call. */
  private record ErpSession(String token, String cookie) {
    static ErpSession fetch(HttpClient http, String erp) throws Exception {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(erp + SALES_ORDER_SERVICE))
                  .header("x-csrf-token", "Fetch")
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      String token = response.headers().firstValue("x-csrf-token").orElseThrow();
      String cookie = response.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
      return new ErpSession(token, cookie);
    }
  }

  private static HttpRequest erpCreate(String erp, ErpSession session, String template) {
    // a fresh PurchaseOrderByCustomer per call, or the ERP would answer with the first order
    ObjectNode body;
    try {
      body = (ObjectNode) CanonicalJson.mapper().readTree(template);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    body.put("PurchaseOrderByCustomer", "BENCH-" + UUID.randomUUID());
    return HttpRequest.newBuilder(URI.create(erp + SALES_ORDER_SERVICE + "/A_SalesOrder"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("x-csrf-token", session.token())
        .header("Cookie", session.cookie())
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  /** The deep-insert body of an order the hub created, taken from the simulator's journal. */
  private static String salesOrderCreateTheHubSent(BenchHub bench) {
    List<SimulatorServer.JournalEntry> creates =
        bench.stack().erp().journal().stream()
            .filter(entry -> entry.method().equals("POST"))
            .filter(entry -> entry.path().equals(SALES_ORDER_SERVICE + "/A_SalesOrder"))
            .filter(entry -> entry.status() / 100 == 2)
            .toList();
    if (creates.isEmpty()) {
      throw new IllegalStateException("the hub created no sales order during the warm-up");
    }
    return creates.get(creates.size() - 1).body();
  }

  static void createMaterial(HttpClient http, String erp, String sku, long stock) throws Exception {
    String json =
        "{\"material\":\"%s\",\"description\":\"benchmark %s\",\"unitPrice\":\"10.00\",\"currency\":\"EUR\",\"stock\":[{\"plant\":\"WH01\",\"onHand\":%d,\"reserved\":0}]}"
            .formatted(sku, sku, stock);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(erp + "/__admin/materials"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("material not created: " + response.body());
    }
  }

  /** The hub checks availability in its read model before it calls the ERP. */
  static void seedReadModel(BenchHub bench, String sku, long stock) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                bench.stack().postgres().jdbcUrl(), PostgresServer.USER, null);
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO inventory_position (sku, location, on_hand, reserved, available,"
                    + " as_of, source_sequence) VALUES (?, 'WH01', ?, 0, ?, now(), 0)"
                    + " ON CONFLICT (sku, location) DO NOTHING")) {
      upsert.setString(1, sku);
      upsert.setLong(2, stock);
      upsert.setLong(3, stock);
      upsert.executeUpdate();
    }
  }

  static String orderBody(String sku, String businessPartner) {
    return ("{\"channel\":\"web\",\"fulfilmentType\":\"ship_to_home\",\"customerGoldenId\":\"GC-BENCH\","
            + "\"shippingAddress\":{\"type\":\"shipping\",\"line1\":\"Hauptstr. 1\",\"city\":\"Berlin\","
            + "\"postalCode\":\"10115\",\"countryCode\":\"DE\"},"
            + "\"lines\":[{\"lineNumber\":1,\"sku\":\"%s\",\"quantity\":1,"
            + "\"unitPrice\":{\"amount\":\"10.00\",\"currency\":\"EUR\"},"
            + "\"lineTotal\":{\"amount\":\"10.00\",\"currency\":\"EUR\"}}],"
            + "\"totalAmount\":{\"amount\":\"10.00\",\"currency\":\"EUR\"},"
            + "\"platformIds\":{\"erp\":\"%s\"}}")
        .formatted(sku, businessPartner);
  }

  private OrderSubmissionBench() {}
}
