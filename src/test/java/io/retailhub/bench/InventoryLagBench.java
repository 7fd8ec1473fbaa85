package io.retailhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.bench.InventoryPipelineBench.Change;
import io.retailhub.connector.erp.ErpEventBatch;
import io.retailhub.mapping.salesforce.SalesforceInventoryMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.InventoryPosition;
import io.retailhub.sandbox.erp.ErpBusinessEvents;
import io.retailhub.sandbox.salesforce.RecordStore;
import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.stack.PostgresServer;
import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.support.WebhookDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Issue 5's lag figure: "Lag from ERP event to Salesforce record: p99 under 5 s at a steady 200
 * stock changes per second, with the simulator's own latency excluded."
 *
 * <p>Open loop over the 250 seed positions, round robin, each change with a strictly increasing
 * sequence. Change {@code i} happens at its due time {@code start + i / rate}; the bench then
 * delivers it as the signed ERP MaterialStock.Changed webhook (stamped with that time, built like
 * {@link InventoryPipelineBench}'s), retried until 2xx like the ERP's dispatcher. The Salesforce
 * simulator runs in this JVM; a commit hook ({@link SalesforceSimulator#onCommit}) stamps every
 * {@code Inventory_Position__c} write with the time it was applied, on the same clock as the due
 * times.
 *
 * <p>The sync coalesces per key, so a change overtaken by a newer one of its key before the write
 * never reaches Salesforce on its own. <b>Lag of a change</b> = from its due time until Salesforce
 * first holds that change's sequence <em>or a newer one</em> for its key.
 *
 * <ul>
 *   <li>BASELINE: the same changes at the same rate, coalesced in memory (newest per key) and
 *       written by the bench itself every sync window as sObject Collections upserts of at most 200
 *       records (the very body the hub sends, from {@link SalesforceInventoryMapper}): what the
 *       window and the Salesforce write alone cost.
 *   <li>HUB: webhook, de-duplication, Kafka, read model, pending-row trigger, the sync's window,
 *       batch and throttle, the collection upsert. Stages from the same run: webhook answered 2xx,
 *       canonical event on Kafka (record timestamp), read model holding the sequence (polled every
 *       100 ms, so +0..100 ms).
 * </ul>
 *
 * Each phase runs warm-up + measured seconds as ONE steady open loop; only changes due after the
 * warm-up count. The Salesforce simulator's latency is set to 0 (it has none by default).
 *
 * <p>Arguments (optional): changes per second (200), measured seconds (60), warm-up seconds (20),
 * webhook deliveries in flight (32), most events per webhook (1; above 1, a sender takes every
 * change waiting in the queue, up to that many, into one request in the batched content mode).
 */
public final class InventoryLagBench {

  private static final int COLLECTION_LIMIT = 200;
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(300);
  private static final Duration READ_MODEL_POLL = Duration.ofMillis(100);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final String COLLECTION_PATH =
      "/composite/sobjects/"
          + SalesforceInventoryMapper.SOBJECT
          + "/"
          + SalesforceInventoryMapper.EXTERNAL_ID_FIELD;

  /**
   * Per position key, the sequences seen in order of time: {@code [sequence, nanoTime]}. "When did
   * the key first hold sequence S or newer" is the first entry at or above S.
   */
  static final class Sightings {
    private final Map<String, List<long[]>> byKey = new ConcurrentHashMap<>();

    void saw(String key, long sequence, long atNanos) {
      List<long[]> seen = byKey.computeIfAbsent(key, k -> new ArrayList<>());
      synchronized (seen) {
        seen.add(new long[] {sequence, atNanos});
      }
    }

    /** The time the key first held {@code sequence} or a newer one, or -1. */
    long firstAtOrAbove(String key, long sequence) {
      List<long[]> seen = byKey.get(key);
      if (seen == null) {
        return -1;
      }
      synchronized (seen) {
        for (long[] sighting : seen) {
          if (sighting[0] >= sequence) {
            return sighting[1];
          }
        }
      }
      return -1;
    }
  }

  /** One phase's changes, with the due time each was given. */
  private record Phase(String name, List<Change> changes, long[] dueNanos, int warmUpCount) {
    Map<String, Long> lastSequences() {
      Map<String, Long> last = new HashMap<>();
      for (Change change : changes) {
        last.merge(change.key(), change.sequence(), Math::max);
      }
      return last;
    }
  }

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int measuredSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int warmUpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int senders = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    int mostPerWebhook = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    Duration window = quarkusDuration(hubSetting("hub.inventory.salesforce.window"));
    String maxCallsPerSecond = hubSetting("hub.inventory.salesforce.max-calls-per-second");

    try (BenchHub bench = BenchHub.start("inventory-lag")) {
      SalesforceSimulator salesforce = bench.stack().salesforce();
      // the issue excludes the simulator's own latency: none at all
      salesforce.faults().latency(Duration.ZERO);
      System.out.println("salesforce simulator faults: " + salesforce.faults().describe());
      Sightings salesforceWrites = new Sightings();
      salesforce.onCommit(changes -> recordWrites(salesforce, changes, salesforceWrites));

      List<String> keys = InventoryPipelineBench.positionKeys();
      // sequences start above anything the seed wrote, and grow across both phases
      AtomicLong sequences = new AtomicLong(System.currentTimeMillis() * 1_000);
      int warmUpCount = rate * warmUpSeconds;
      int total = rate * (warmUpSeconds + measuredSeconds);
      HttpClient http = OpenLoop.client();
      System.out.printf(
          "bench: %d changes/s over %d positions, %d s warm-up + %d s measured, %d webhook"
              + " deliveries in flight of at most %d event(s); hub sync window %s, max calls/s"
              + " %s%n",
          rate,
          keys.size(),
          warmUpSeconds,
          measuredSeconds,
          senders,
          mostPerWebhook,
          window,
          maxCallsPerSecond);

      Phase baseline = newPhase("BASELINE", keys, total, warmUpCount, sequences);
      System.out.println("load before baseline: " + BenchHub.machineLoad());
      Instant baselineStart = Instant.now();
      Instant baselineEnd = runBaseline(bench, http, baseline, rate, window);
      awaitSalesforce(baseline, salesforceWrites);
      Instant baselineDrained = Instant.now();
      System.out.println("load after baseline: " + BenchHub.machineLoad());

      Phase hub = newPhase("HUB", keys, total, warmUpCount, sequences);
      Sightings readModel = new Sightings();
      System.out.println("load before hub: " + BenchHub.machineLoad());
      long apiCallsBefore = salesforce.apiCallCount();
      Instant hubStart = Instant.now();
      Histogram webhooks;
      try (ReadModelPoller poller = new ReadModelPoller(bench, readModel)) {
        webhooks = runHub(bench, http, hub, rate, senders, mostPerWebhook);
        Instant hubEnd = Instant.now();
        awaitSalesforce(hub, salesforceWrites);
        Instant hubDrained = Instant.now();
        long apiCalls = salesforce.apiCallCount() - apiCallsBefore;
        System.out.println("load after hub: " + BenchHub.machineLoad());

        Instant measuredFrom = hubStart.plusSeconds(warmUpSeconds);
        Instant baselineMeasuredFrom = baselineStart.plusSeconds(warmUpSeconds);
        Map<String, Long> canonical = canonicalRecordTimes(bench);
        // converts Kafka's wall-clock record times to the System.nanoTime clock of the due times
        long nanoClockOffset = System.nanoTime() - System.currentTimeMillis() * 1_000_000L;

        System.out.println();
        System.out.println("=== InventoryLagBench results ===");
        System.out.printf(
            "%d changes/s over %d seed positions; %d s measured after %d s warm-up; hub sync"
                + " window %s, max %s calls/s; Salesforce simulator latency %s ms%n",
            rate,
            keys.size(),
            measuredSeconds,
            warmUpSeconds,
            window,
            maxCallsPerSecond,
            salesforce.faults().describe().get("latencyMillis"));
        LagResult baselineLag = lagsOf(baseline, salesforceWrites);
        System.out.println(
            baselineLag.summary(
                "BASELINE ERP change -> Salesforce record (in-memory coalescing, direct collection"
                    + " upserts every window)"));
        System.out.println(
            calls(
                "BASELINE",
                salesforce.journal(),
                baselineMeasuredFrom,
                baselineEnd,
                baselineDrained,
                measuredSeconds));
        System.out.println(
            new LagResult(webhooks, 0)
                .summary("HUB stage: ERP change -> webhook answered 2xx (warm-up included)"));
        System.out.println(
            lagsOf(
                    hub,
                    change -> {
                      Long millis = canonical.get(change.key() + "#" + change.sequence());
                      return millis == null ? -1 : millis * 1_000_000L + nanoClockOffset;
                    })
                .summary("HUB stage: ERP change -> its canonical event on Kafka"));
        System.out.println(
            lagsOf(hub, readModel)
                .summary(
                    "HUB stage: ERP change -> read model holds it or newer (polled every "
                        + READ_MODEL_POLL.toMillis()
                        + " ms)"));
        System.out.println(
            lagsBetween(
                    hub,
                    change -> readModel.firstAtOrAbove(change.key(), change.sequence()),
                    change -> salesforceWrites.firstAtOrAbove(change.key(), change.sequence()))
                .summary(
                    "HUB the sync alone: read model holds it -> Salesforce holds it (-100..0 ms of"
                        + " polling)"));
        LagResult hubLag = lagsOf(hub, salesforceWrites);
        System.out.println(hubLag.summary("HUB ERP change -> Salesforce record"));
        System.out.println(
            calls("HUB", salesforce.journal(), measuredFrom, hubEnd, hubDrained, measuredSeconds));
        System.out.printf(
            "HUB Salesforce data API calls counted by the simulator (all flows, warm-up and"
                + " drain included): %d%n",
            apiCalls);
        double p99 = hubLag.percentileMillis(99);
        System.out.printf(
            "hub p99 %.0f ms, target < 5000 ms: %s; hub p99 minus baseline p99: %.0f ms%n",
            p99,
            p99 < 5_000 && hubLag.missing() == 0 ? "MET" : "NOT MET",
            p99 - baselineLag.percentileMillis(99));
        System.out.println("load at end: " + BenchHub.machineLoad());
      }
    }
    System.exit(0);
  }

  private static Phase newPhase(
      String name, List<String> keys, int total, int warmUpCount, AtomicLong sequences) {
    List<Change> changes = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      String[] key = keys.get(i % keys.size()).split("@");
      changes.add(new Change(key[0], key[1], 100 + (i % 900), i % 7, sequences.incrementAndGet()));
    }
    return new Phase(name, changes, new long[total], warmUpCount);
  }

  /** The commit hook: one sighting per Inventory_Position__c write that carries a sequence. */
  private static void recordWrites(
      SalesforceSimulator salesforce, List<RecordStore.Change> changes, Sightings writes) {
    long now = System.nanoTime();
    for (RecordStore.Change change : changes) {
      if (!SalesforceInventoryMapper.SOBJECT.equals(change.entityName())
          || !(change.values().get("Source_Sequence__c") instanceof BigDecimal sequence)) {
        continue;
      }
      Object key = change.values().get(SalesforceInventoryMapper.EXTERNAL_ID_FIELD);
      if (key == null) {
        // an update carries only the changed fields; the store lock is re-entrant
        key =
            salesforce
                .record(change.recordId())
                .map(record -> record.get(SalesforceInventoryMapper.EXTERNAL_ID_FIELD))
                .orElse(null);
      }
      if (key != null) {
        writes.saw(key.toString(), sequence.longValue(), now);
      }
    }
  }

  // ------------------------------------------------------------------------------ baseline

  /**
   * The Salesforce write alone: changes land in an in-memory map (newest per key) at their due
   * time; every window the bench sends what is there as collection upserts of at most 200 records,
   * one call after the other, like the hub's sync run.
   */
  private static Instant runBaseline(
      BenchHub bench, HttpClient http, Phase phase, int rate, Duration window) throws Exception {
    BenchHub.SalesforceSession session = bench.salesforceLogin(http);
    URI collection = URI.create(session.instanceUrl() + "/services/data/v62.0" + COLLECTION_PATH);
    Map<String, Change> pending = new ConcurrentHashMap<>();
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    Histogram callMillis = new Histogram(TimeUnit.MINUTES.toMillis(1), 3);
    AtomicInteger calls = new AtomicInteger();
    ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor();
    Runnable flush =
        () -> {
          List<Change> batch = new ArrayList<>();
          for (String key : List.copyOf(pending.keySet())) {
            Change newest = pending.remove(key);
            if (newest != null) {
              batch.add(newest);
            }
          }
          for (int from = 0; from < batch.size(); from += COLLECTION_LIMIT) {
            List<Change> chunk =
                batch.subList(from, Math.min(batch.size(), from + COLLECTION_LIMIT));
            long sent = System.nanoTime();
            try {
              HttpResponse<String> answer =
                  http.send(
                      HttpRequest.newBuilder(collection)
                          .timeout(Duration.ofSeconds(30))
                          .header("Authorization", "Bearer " + session.accessToken())
                          .header("Content-Type", "application/json")
                          .method(
                              "PATCH", HttpRequest.BodyPublishers.ofString(collectionBody(chunk)))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              statuses.merge(String.valueOf(answer.statusCode()), 1, Integer::sum);
            } catch (IOException e) {
              statuses.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            calls.incrementAndGet();
            callMillis.recordValue((System.nanoTime() - sent) / 1_000_000);
          }
        };
    // like the hub's timer: a run starts one window after the previous one, never two at once
    sync.scheduleAtFixedRate(flush, window.toMillis(), window.toMillis(), TimeUnit.MILLISECONDS);
    Instant sent;
    try {
      OpenLoop.pace(
          rate,
          Duration.ofSeconds(phase.changes().size() / rate),
          (index, due) -> {
            phase.dueNanos()[index] = due;
            Change change = phase.changes().get(index);
            pending.merge(
                change.key(),
                change,
                (held, arriving) -> arriving.sequence() > held.sequence() ? arriving : held);
          });
      sent = Instant.now();
      long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
      while (!pending.isEmpty() && System.nanoTime() < deadline) {
        // waiting for the bench's own sync thread to take the last changes
        TimeUnit.MILLISECONDS.sleep(50);
      }
    } finally {
      // a run in progress finishes; no new run starts
      sync.shutdown();
      sync.awaitTermination(30, TimeUnit.SECONDS);
    }
    System.out.printf(
        "BASELINE collection upserts: %d calls, answers %s, call time p50 %d ms, p99 %d ms, max %d"
            + " ms (load %s)%n",
        calls.get(),
        new TreeMap<>(statuses),
        callMillis.getValueAtPercentile(50),
        callMillis.getValueAtPercentile(99),
        callMillis.getMaxValue(),
        BenchHub.machineLoad());
    return sent;
  }

  /** The body the hub's sync sends (SalesforceInventorySync), built with the same mapper. */
  private static String collectionBody(List<Change> changes) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("allOrNone", false);
    ArrayNode records = body.putArray("records");
    for (Change change : changes) {
      ObjectNode record = records.addObject();
      record.putObject("attributes").put("type", SalesforceInventoryMapper.SOBJECT);
      record.put(SalesforceInventoryMapper.EXTERNAL_ID_FIELD, change.key());
      record.setAll(
          SalesforceInventoryMapper.toUpsertBody(
              new InventoryPosition(
                  change.sku(),
                  change.plant(),
                  change.onHand(),
                  change.reserved(),
                  change.onHand() - change.reserved(),
                  Instant.now(),
                  change.sequence())));
    }
    return body.toString();
  }

  // ------------------------------------------------------------------------------ hub

  /**
   * Delivers each change as the ERP's webhook dispatcher does (WebhookDispatcher): retried with
   * exponential backoff (200 ms doubling to 10 s) until the hub answers 2xx, 10 s per attempt, but
   * with {@code senders} deliveries in flight instead of the simulator's 4 threads, so that the
   * sender is not the bottleneck. Changes wait in the sender's queue when all are busy; their lag
   * still counts from their due time. With {@code mostPerWebhook} above 1, a free sender takes
   * every waiting change, up to that many, into one batched request (a sender with a backlog, as in
   * decision 0014). Returns the time from due until the 2xx.
   */
  private static Histogram runHub(
      BenchHub bench, HttpClient http, Phase phase, int rate, int senders, int mostPerWebhook)
      throws InterruptedException {
    String secret = bench.stack().hubConfig().get("hub.erp.webhook-secret");
    URI webhook = URI.create(bench.hubUrl() + "/webhooks/erp/events");
    Histogram answered = new ConcurrentHistogram(TimeUnit.MINUTES.toMillis(10), 3);
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    CountDownLatch delivered = new CountDownLatch(phase.changes().size());
    ExecutorService delivery = Executors.newFixedThreadPool(senders);
    ScheduledExecutorService backoffs = Executors.newSingleThreadScheduledExecutor();
    Queue<Integer> waiting = new ConcurrentLinkedQueue<>();
    class Delivery {
      void sendWaiting() {
        List<Integer> indexes = new ArrayList<>();
        Integer next;
        while (indexes.size() < mostPerWebhook && (next = waiting.poll()) != null) {
          indexes.add(next);
        }
        if (!indexes.isEmpty()) {
          attempt(indexes, FIRST_BACKOFF);
        }
      }

      void attempt(List<Integer> indexes, Duration backoff) {
        List<String> events = new ArrayList<>();
        for (int index : indexes) {
          // the event is stamped with the time the change was due, not when it was sent
          Instant changedAt = Instant.now().minusNanos(System.nanoTime() - phase.dueNanos()[index]);
          events.add(InventoryPipelineBench.erpEvent(phase.changes().get(index), changedAt));
        }
        boolean batch = mostPerWebhook > 1;
        String body = batch ? WebhookDispatcher.batchBody(events) : events.get(0);
        String outcome;
        try {
          int status =
              http.send(
                      HttpRequest.newBuilder(webhook)
                          .timeout(Duration.ofSeconds(10))
                          .header(
                              "Content-Type",
                              batch ? ErpEventBatch.CONTENT_TYPE : ErpBusinessEvents.CONTENT_TYPE)
                          .headers(InventoryPipelineBench.signatureHeaders(secret, body))
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
          outcome = String.valueOf(status);
        } catch (IOException e) {
          outcome = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        attempts.merge(outcome, indexes.size(), Integer::sum);
        if (outcome.startsWith("2")) {
          for (int index : indexes) {
            answered.recordValue(
                Math.min(
                    answered.getHighestTrackableValue(),
                    (System.nanoTime() - phase.dueNanos()[index]) / 1_000_000));
            delivered.countDown();
          }
          return;
        }
        Duration next =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
        backoffs.schedule(
            () -> delivery.execute(() -> attempt(indexes, next)),
            backoff.toMillis(),
            TimeUnit.MILLISECONDS);
      }
    }
    Delivery deliveries = new Delivery();
    try {
      OpenLoop.pace(
          rate,
          Duration.ofSeconds(phase.changes().size() / rate),
          (index, due) -> {
            phase.dueNanos()[index] = due;
            waiting.add(index);
            delivery.execute(deliveries::sendWaiting);
          });
      if (!delivered.await(DRAIN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        System.out.printf("HUB: %d changes still not delivered%n", delivered.getCount());
      }
    } finally {
      backoffs.shutdownNow();
      delivery.shutdownNow();
    }
    System.out.printf(
        "HUB webhook deliveries: %d changes, events by answer %s, %d senders of at most %d"
            + " event(s) (load %s)%n",
        phase.changes().size(),
        new TreeMap<>(attempts),
        senders,
        mostPerWebhook,
        BenchHub.machineLoad());
    return answered;
  }

  /**
   * Polls the read model's sequences while the hub phase runs; one small query per interval on the
   * hub's PostgreSQL, so it adds a little load to the system under test.
   */
  private static final class ReadModelPoller implements AutoCloseable {
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    private final Connection connection;

    ReadModelPoller(BenchHub bench, Sightings readModel) throws Exception {
      connection =
          DriverManager.getConnection(
              bench.stack().postgres().jdbcUrl(), PostgresServer.USER, null);
      PreparedStatement select =
          connection.prepareStatement(
              "SELECT sku, location, source_sequence FROM inventory_position");
      Map<String, Long> lastSeen = new HashMap<>();
      poller.scheduleWithFixedDelay(
          () -> {
            try (ResultSet rows = select.executeQuery()) {
              long now = System.nanoTime();
              while (rows.next()) {
                String key = rows.getString(1) + "@" + rows.getString(2);
                long sequence = rows.getLong(3);
                if (!Long.valueOf(sequence).equals(lastSeen.put(key, sequence))) {
                  readModel.saw(key, sequence, now);
                }
              }
            } catch (Exception e) {
              System.out.println("read-model poll failed: " + e);
            }
          },
          0,
          READ_MODEL_POLL.toMillis(),
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
      poller.shutdownNow();
      poller.awaitTermination(5, TimeUnit.SECONDS);
      connection.close();
    }
  }

  /** Kafka record time (wall-clock ms) of each canonical position event, by key#sequence. */
  private static Map<String, Long> canonicalRecordTimes(BenchHub bench) {
    Map<String, Long> times = new HashMap<>();
    bench.readTopic(
        "retail.inventory.position.v1",
        Duration.ofSeconds(60),
        record -> {
          try {
            JsonNode position = CanonicalJson.mapper().readTree(record.value());
            times.putIfAbsent(
                record.key() + "#" + position.path("sourceSequence").asLong(), record.timestamp());
          } catch (IOException notAPosition) {
            // not a position event; nothing to time
          }
        });
    return times;
  }

  // ------------------------------------------------------------------------------ figures

  /** Waits until Salesforce holds every key's last sequence of the phase, or the limit passes. */
  private static void awaitSalesforce(Phase phase, Sightings writes) throws InterruptedException {
    Map<String, Long> last = phase.lastSequences();
    long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
    long began = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (last.entrySet().stream()
          .allMatch(entry -> writes.firstAtOrAbove(entry.getKey(), entry.getValue()) >= 0)) {
        System.out.printf(
            "%s: Salesforce holds every last sequence %.1f s after the last change was sent%n",
            phase.name(), (System.nanoTime() - began) / 1e9);
        return;
      }
      // polling the in-process write log, which offers no completion callback
      TimeUnit.MILLISECONDS.sleep(50);
    }
    System.out.printf("%s: Salesforce still misses keys after %s%n", phase.name(), DRAIN_LIMIT);
  }

  @FunctionalInterface
  private interface Arrival {
    /** When the change (or a newer one of its key) arrived at the stage, or -1. */
    long nanos(Change change);
  }

  record LagResult(Histogram millis, int missing) {
    double percentileMillis(double percentile) {
      return millis.getValueAtPercentile(percentile);
    }

    String summary(String name) {
      return String.format(
          "%s: %d changes, %d never arrived; p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
          name,
          millis.getTotalCount(),
          missing,
          millis.getValueAtPercentile(50),
          millis.getValueAtPercentile(90),
          millis.getValueAtPercentile(99),
          millis.getMaxValue());
    }
  }

  private static LagResult lagsOf(Phase phase, Sightings sightings) {
    return lagsOf(phase, change -> sightings.firstAtOrAbove(change.key(), change.sequence()));
  }

  private static LagResult lagsOf(Phase phase, Arrival arrival) {
    return lagsBetween(phase, null, arrival);
  }

  /** Per measured change, from one stage ({@code null}: its due time) to a later one. */
  private static LagResult lagsBetween(Phase phase, Arrival from, Arrival to) {
    Histogram millis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    int missing = 0;
    for (int i = phase.warmUpCount(); i < phase.changes().size(); i++) {
      Change change = phase.changes().get(i);
      long started = from == null ? phase.dueNanos()[i] : from.nanos(change);
      long arrived = to.nanos(change);
      if (started < 0 || arrived < 0) {
        missing++;
        continue;
      }
      millis.recordValue(
          Math.min(millis.getHighestTrackableValue(), Math.max(0, arrived - started) / 1_000_000));
    }
    return new LagResult(millis, missing);
  }

  /** Inventory collection calls in the measured part of a phase, and during its drain. */
  private static String calls(
      String name,
      List<SimulatorServer.JournalEntry> journal,
      Instant measuredFrom,
      Instant sent,
      Instant drained,
      int measuredSeconds) {
    int measuredCalls = 0;
    int drainCalls = 0;
    long measuredRecords = 0;
    Map<Integer, Integer> statuses = new TreeMap<>();
    Histogram gapMillis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    Histogram recordsPerCall = new Histogram(1_000, 3);
    Instant previous = null;
    for (SimulatorServer.JournalEntry entry : journal) {
      if (!entry.method().equals("PATCH") || !entry.path().endsWith(COLLECTION_PATH)) {
        continue;
      }
      if (entry.at().isBefore(measuredFrom) || entry.at().isAfter(drained)) {
        continue;
      }
      statuses.merge(entry.status(), 1, Integer::sum);
      if (entry.at().isAfter(sent)) {
        drainCalls++;
        continue;
      }
      measuredCalls++;
      int records = recordCount(entry.body());
      measuredRecords += records;
      recordsPerCall.recordValue(records);
      if (previous != null) {
        gapMillis.recordValue(Duration.between(previous, entry.at()).toMillis());
      }
      previous = entry.at();
    }
    return String.format(
        "%s Salesforce inventory collection upserts: %d calls in the %d s measured (%.2f calls/s,"
            + " %.1f records per call: min %d, p50 %d, max %d; time between calls p50 %d ms, min %d"
            + " ms, max %d ms), %d more while draining; answers %s",
        name,
        measuredCalls,
        measuredSeconds,
        measuredCalls / (double) measuredSeconds,
        measuredCalls == 0 ? 0.0 : measuredRecords / (double) measuredCalls,
        recordsPerCall.getMinValue(),
        recordsPerCall.getValueAtPercentile(50),
        recordsPerCall.getMaxValue(),
        gapMillis.getValueAtPercentile(50),
        gapMillis.getMinValue(),
        gapMillis.getMaxValue(),
        drainCalls,
        statuses);
  }

  private static int recordCount(String body) {
    try {
      return CanonicalJson.mapper().readTree(body).path("records").size();
    } catch (IOException notJson) {
      return 0;
    }
  }

  // ------------------------------------------------------------------------------ settings

  /**
   * A hub setting as the hub under test sees it: a {@code -D} in BENCH_HUB_JAVA_OPTS wins over the
   * packaged application.properties.
   */
  static String hubSetting(String name) throws IOException {
    Matcher override =
        Pattern.compile("-D" + Pattern.quote(name) + "=(\\S+)")
            .matcher(System.getenv().getOrDefault("BENCH_HUB_JAVA_OPTS", ""));
    if (override.find()) {
      return override.group(1);
    }
    Properties properties = new Properties();
    try (InputStream in =
        InventoryLagBench.class.getClassLoader().getResourceAsStream("application.properties")) {
      properties.load(in);
    }
    return properties.getProperty(name);
  }

  /** Quarkus/Camel duration text: {@code 1s}, {@code 500ms}, a bare number of seconds or ISO. */
  static Duration quarkusDuration(String text) {
    String value = text.trim();
    if (value.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    if (value.matches("\\d+ms")) {
      return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
    }
    if (value.matches("\\d+[smh]")) {
      return Duration.parse("PT" + value.toUpperCase());
    }
    return Duration.parse(value);
  }

  private InventoryLagBench() {}
}
