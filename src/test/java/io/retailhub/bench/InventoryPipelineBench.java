package io.retailhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.retailhub.connector.erp.ErpEventBatch;
import io.retailhub.events.CanonicalEventFactory;
import io.retailhub.events.KafkaCloudEvents;
import io.retailhub.events.RetailEventType;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.InventoryPosition;
import io.retailhub.sandbox.erp.ErpBusinessEvents;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.WebhookDispatcher;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Issue 5's throughput and lookup numbers, measured against a fresh sandbox and the packaged hub.
 *
 * <ol>
 *   <li>Pipeline throughput: N stock changes over the 250 seed positions (50 SKUs x 5 plants), each
 *       with a strictly increasing sequence. BASELINE moves them with a plain Kafka producer and
 *       consumer (no Camel) into a fresh topic and applies each with the read model's guarded
 *       upsert to a fresh copy of {@code inventory_position}. HUB posts them as signed ERP webhooks
 *       (a bounded pool of concurrent requests) and waits until the read model's consumer group has
 *       consumed every record and every position carries its last sequence. Both get an unmeasured
 *       warm-up first. Reported: events/s each and the ratio hub/baseline.
 *   <li>Lookup latency: {@code GET /api/v1/inventory/{sku}} open-loop at a fixed rate, against the
 *       same load on the management port's {@code /q/health/live} as the baseline.
 * </ol>
 *
 * Arguments (optional): events (20000; 0 measures the lookups alone), concurrent webhook requests
 * (32), lookup rate (500/s), lookup seconds (20), events per webhook (1; more sends them in the
 * batched content mode, {@link ErpEventBatch}).
 */
public final class InventoryPipelineBench {

  private static final String HUB_TOPIC = "retail.inventory.position.v1";
  private static final String HUB_GROUP = "hub-inventory-read-model";
  private static final String GUARDED_UPSERT =
      "INSERT INTO %s (sku, location, on_hand, reserved, available, as_of, source_sequence,"
          + " confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT (sku, location) DO"
          + " UPDATE SET on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, available ="
          + " EXCLUDED.available, as_of = EXCLUDED.as_of, source_sequence ="
          + " EXCLUDED.source_sequence, confirmed_at = now() WHERE %s.source_sequence <"
          + " EXCLUDED.source_sequence";

  /** One stock change: the same values travel through the baseline and through the hub. */
  record Change(String sku, String plant, long onHand, long reserved, long sequence) {
    String key() {
      return sku + "@" + plant;
    }
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int lookupRate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int lookupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int eventsPerWebhook = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    // as many as the measured run: on two cores the JIT's compiler threads took a fifth of the
    // hub's CPU in the measured run after a warm-up of 1,000 (docs/benchmarks.md, sixth run)
    int warmUpEvents = Math.max(1_000, events);

    try (BenchHub bench = BenchHub.start("inventory")) {
      List<String> keys = positionKeys();
      // sequences start above anything the seed or reconciliation wrote, and never repeat
      AtomicLong sequences = new AtomicLong(System.currentTimeMillis() * 1_000);
      String jdbcUrl = bench.stack().postgres().jdbcUrl();
      String user = io.retailhub.sandbox.stack.PostgresServer.USER;

      double baseline = 0;
      double hub = 0;
      // events 0: the lookups alone, on a hub that is not still working off a pipeline run
      if (events > 0) {
        System.out.println("load before throughput: " + BenchHub.machineLoad());
        runBaseline(bench, changes(keys, warmUpEvents, sequences), jdbcUrl, user, "warm-up");
        baseline = runBaseline(bench, changes(keys, events, sequences), jdbcUrl, user, "measured");
        runHub(
            bench,
            changes(keys, warmUpEvents, sequences),
            concurrency,
            eventsPerWebhook,
            jdbcUrl,
            user,
            "warm-up");
        hub =
            runHub(
                bench,
                changes(keys, events, sequences),
                concurrency,
                eventsPerWebhook,
                jdbcUrl,
                user,
                "measured");
        System.out.println("load after throughput: " + BenchHub.machineLoad());
      } else {
        seedReadModel(changes(keys, keys.size(), sequences), jdbcUrl, user);
      }

      String token = bench.bearer("inventory:read");
      String sku = keys.get(0).split("@")[0];
      URI lookup = URI.create(bench.hubUrl() + "/api/v1/inventory/" + sku);
      URI live = URI.create(bench.managementUrl() + "/q/health/live");
      Map<String, String> bearer = Map.of("Authorization", token);
      Duration warmUp = Duration.ofSeconds(10);
      Duration measured = Duration.ofSeconds(lookupSeconds);
      System.out.println("load before lookups: " + BenchHub.machineLoad());
      OpenLoop.Result liveResult =
          OpenLoop.runIsolated(
              "BASELINE /q/health/live", lookupRate, warmUp, measured, live, Map.of());
      OpenLoop.Result lookupResult =
          OpenLoop.runIsolated(
              "HUB GET /api/v1/inventory/" + sku, lookupRate, warmUp, measured, lookup, bearer);
      System.out.println("load after lookups: " + BenchHub.machineLoad());

      System.out.println();
      System.out.println("=== InventoryPipelineBench results ===");
      if (events > 0) {
        System.out.printf(
            "throughput: baseline %.0f events/s, hub %.0f events/s, ratio hub/baseline %.2f"
                + " (%d events, %d concurrent webhooks of %d event(s) each)%n",
            baseline, hub, hub / baseline, events, concurrency, eventsPerWebhook);
      }
      System.out.println(liveResult.summary());
      System.out.println(lookupResult.summary());
      System.out.printf(
          "lookup p99 minus baseline p99: %.2f ms%n",
          lookupResult.percentileMillis(99) - liveResult.percentileMillis(99));
      System.out.println("load at end: " + BenchHub.machineLoad());
    }
    System.exit(0);
  }

  /** The 250 seed positions as {@code SKU@PLANT}. */
  static List<String> positionKeys() {
    RetailSeed seed = RetailSeed.standard();
    List<String> keys = new ArrayList<>();
    for (RetailSeed.Sku sku : seed.skus()) {
      for (RetailSeed.Location location : seed.locations()) {
        keys.add(sku.sku() + "@" + location.plant());
      }
    }
    return keys;
  }

  private static List<Change> changes(List<String> keys, int count, AtomicLong sequences) {
    List<Change> changes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String[] key = keys.get(i % keys.size()).split("@");
      long onHand = 100 + (i % 900);
      changes.add(new Change(key[0], key[1], onHand, i % 7, sequences.incrementAndGet()));
    }
    return changes;
  }

  /** The canonical event the hub would publish for this change (same headers, same value). */
  private static CloudEvent canonical(Change change) {
    InventoryPosition position =
        new InventoryPosition(
            change.sku(),
            change.plant(),
            change.onHand(),
            change.reserved(),
            change.onHand() - change.reserved(),
            Instant.now(),
            change.sequence());
    return new CanonicalEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString())
        .create(RetailEventType.INVENTORY_POSITION_CHANGED, position, UUID.randomUUID().toString());
  }

  private static double runBaseline(
      BenchHub bench, List<Change> changes, String jdbcUrl, String user, String label)
      throws Exception {
    String bootstrap = bench.stack().kafka().bootstrapServers();
    String topic = "bench.baseline." + UUID.randomUUID();
    String table = "bench_position_" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        Connection connection = DriverManager.getConnection(jdbcUrl, user, null)) {
      int partitions =
          admin
              .describeTopics(List.of(HUB_TOPIC))
              .allTopicNames()
              .get()
              .get(HUB_TOPIC)
              .partitions()
              .size();
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE "
                + table
                + " (LIKE inventory_position INCLUDING DEFAULTS INCLUDING"
                + " INDEXES)");
      }
      List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> records =
          changes.stream()
              .map(change -> KafkaCloudEvents.toProducerRecord(topic, canonical(change)))
              .toList();

      long start = System.nanoTime();
      Thread consumer =
          new Thread(
              () -> consumeAndUpsert(bootstrap, topic, table, changes.size(), jdbcUrl, user),
              "baseline-consumer");
      consumer.start();
      try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
        for (var record : records) {
          producer.send(record);
        }
        producer.flush();
      }
      consumer.join(TimeUnit.MINUTES.toMillis(3));
      long elapsed = System.nanoTime() - start;
      verifyFinalPositions(connection, table, changes);
      double perSecond = changes.size() / (elapsed / 1e9);
      System.out.printf(
          "BASELINE %s: %d events in %.2f s = %.0f events/s (load %s)%n",
          label, changes.size(), elapsed / 1e9, perSecond, BenchHub.machineLoad());
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE " + table);
      }
      return perSecond;
    }
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // the hub's producer settings: idempotent, every replica acknowledges
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Positions written straight into the hub's read model, for a lookup run without a pipeline. */
  private static void seedReadModel(List<Change> changes, String jdbcUrl, String user)
      throws SQLException {
    String table = "inventory_position";
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, null);
        PreparedStatement upsert =
            connection.prepareStatement(GUARDED_UPSERT.formatted(table, table))) {
      for (Change change : changes) {
        upsert.setString(1, change.sku());
        upsert.setString(2, change.plant());
        upsert.setLong(3, change.onHand());
        upsert.setLong(4, change.reserved());
        upsert.setLong(5, change.onHand() - change.reserved());
        upsert.setTimestamp(6, Timestamp.from(Instant.now()));
        upsert.setLong(7, change.sequence());
        upsert.executeUpdate();
      }
    }
  }

  /** The read model's work without Camel: parse, guarded upsert, commit offsets after the batch. */
  private static void consumeAndUpsert(
      String bootstrap, String topic, String table, int expected, String jdbcUrl, String user) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        Connection connection = DriverManager.getConnection(jdbcUrl, user, null);
        PreparedStatement upsert =
            connection.prepareStatement(GUARDED_UPSERT.formatted(table, table))) {
      consumer.subscribe(List.of(topic));
      int consumed = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (consumed < expected && System.nanoTime() < deadline) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, byte[]> record : batch) {
          JsonNode position = CanonicalJson.mapper().readTree(record.value());
          upsert.setString(1, position.get("sku").asText());
          upsert.setString(2, position.get("location").asText());
          upsert.setLong(3, position.get("onHand").asLong());
          upsert.setLong(4, position.get("reserved").asLong());
          upsert.setLong(5, position.get("available").asLong());
          upsert.setTimestamp(6, Timestamp.from(Instant.parse(position.get("asOf").asText())));
          upsert.setLong(7, position.get("sourceSequence").asLong());
          upsert.executeUpdate();
          consumed++;
        }
        if (!batch.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("baseline consumer failed", e);
    }
  }

  private static double runHub(
      BenchHub bench,
      List<Change> changes,
      int concurrency,
      int eventsPerWebhook,
      String jdbcUrl,
      String user,
      String label)
      throws Exception {
    String secret = bench.stack().hubConfig().get("hub.erp.webhook-secret");
    URI webhook = URI.create(bench.hubUrl() + "/webhooks/erp/events");
    List<String> events = changes.stream().map(InventoryPipelineBench::erpEvent).toList();
    List<String> bodies = new ArrayList<>();
    for (int from = 0; from < events.size(); from += eventsPerWebhook) {
      List<String> batch = events.subList(from, Math.min(events.size(), from + eventsPerWebhook));
      bodies.add(eventsPerWebhook == 1 ? batch.get(0) : WebhookDispatcher.batchBody(batch));
    }
    String contentType =
        eventsPerWebhook == 1 ? ErpBusinessEvents.CONTENT_TYPE : ErpEventBatch.CONTENT_TYPE;
    LoadClient http = new LoadClient();
    Semaphore inFlight = new Semaphore(concurrency);
    Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    double hubCpuBefore = bench.hubCpuSeconds();
    long start = System.nanoTime();
    for (String body : bodies) {
      inFlight.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(webhook)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", contentType)
              .headers(signatureHeaders(secret, body))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      http.send(request)
          .whenComplete(
              (answer, error) -> {
                if (error != null) {
                  outcomes.merge("error " + error.getClass().getSimpleName(), 1, Integer::sum);
                } else {
                  for (String outcome : outcomesOf(answer.body())) {
                    outcomes.merge(answer.status() + " " + outcome, 1, Integer::sum);
                  }
                }
                inFlight.release();
              });
    }
    inFlight.acquire(concurrency);
    long posted = System.nanoTime();
    http.close();
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, null);
        Admin admin =
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bench.stack().kafka().bootstrapServers()))) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!(readModelHasLastSequences(connection, changes) && consumerGroupCaughtUp(admin))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("read model did not catch up; outcomes " + outcomes);
        }
        // polling the database and the broker: the hub offers no completion callback
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
    long elapsed = System.nanoTime() - start;
    double hubCpu = bench.hubCpuSeconds() - hubCpuBefore;
    double perSecond = changes.size() / (elapsed / 1e9);
    System.out.printf(
        "HUB %s: %d events in %.2f s = %.0f events/s (all answered after %.2f s; hub CPU %.2f ms"
            + " per event; answers %s; load %s)%n",
        label,
        changes.size(),
        elapsed / 1e9,
        perSecond,
        (posted - start) / 1e9,
        hubCpu * 1000 / changes.size(),
        new TreeMap<>(outcomes),
        BenchHub.machineLoad());
    return perSecond;
  }

  /** The ERP's HMAC headers for a body, as name/value pairs for {@code HttpRequest.headers}. */
  static String[] signatureHeaders(String secret, String body) {
    return ErpBusinessEvents.sign(secret, body, Clock.systemUTC()).entrySet().stream()
        .flatMap(header -> java.util.stream.Stream.of(header.getKey(), header.getValue()))
        .toArray(String[]::new);
  }

  /** The outcome of each event a webhook answer covers: one, or each of a batch's. */
  private static List<String> outcomesOf(String responseBody) {
    try {
      JsonNode answer = CanonicalJson.mapper().readTree(responseBody);
      if (answer.has("events")) {
        List<String> outcomes = new ArrayList<>();
        answer.get("events").forEach(event -> outcomes.add(event.path("outcome").asText("?")));
        return outcomes;
      }
      return List.of(answer.path("outcome").asText("?"));
    } catch (Exception notJson) {
      return List.of("?");
    }
  }

  /** A structured MaterialStock.Changed CloudEvent as the ERP writes it. */
  private static String erpEvent(Change change) {
    return erpEvent(change, Instant.now());
  }

  /** The same, for a change that happened at {@code changedAt}. */
  static String erpEvent(Change change, Instant changedAt) {
    ObjectNode event = CanonicalJson.mapper().createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", UUID.randomUUID().toString());
    event.put("source", ErpBusinessEvents.SOURCE);
    event.put("type", ErpBusinessEvents.MATERIAL_STOCK_CHANGED);
    event.put("subject", change.key());
    event.put("time", changedAt.toString());
    event.put("datacontenttype", "application/json");
    ObjectNode data = event.putObject("data");
    data.put("Material", change.sku());
    data.put("Plant", change.plant());
    data.put("StorageLocation", "0001");
    data.put("MatlWrhsStkQtyInMatlBaseUnit", change.onHand() + ".000");
    data.put("ReservedQtyInBaseUnit", change.reserved() + ".000");
    data.put("MaterialBaseUnit", "EA");
    data.put("ChangeSequence", String.valueOf(change.sequence()));
    data.put("LastChangeDateTime", changedAt.toString());
    return event.toString();
  }

  private static Map<String, Long> lastSequences(List<Change> changes) {
    return changes.stream().collect(Collectors.toMap(Change::key, Change::sequence, Math::max));
  }

  private static boolean readModelHasLastSequences(Connection connection, List<Change> changes)
      throws SQLException {
    return mismatches(connection, "inventory_position", lastSequences(changes)).isEmpty();
  }

  private static Set<String> mismatches(
      Connection connection, String table, Map<String, Long> expected) throws SQLException {
    Set<String> wrong = ConcurrentHashMap.newKeySet();
    wrong.addAll(expected.keySet());
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT sku, location, source_sequence FROM " + table)) {
      while (rows.next()) {
        String key = rows.getString(1) + "@" + rows.getString(2);
        Long want = expected.get(key);
        if (want != null && want == rows.getLong(3)) {
          wrong.remove(key);
        }
      }
    }
    return wrong;
  }

  private static void verifyFinalPositions(
      Connection connection, String table, List<Change> changes) throws SQLException {
    Set<String> wrong = mismatches(connection, table, lastSequences(changes));
    if (!wrong.isEmpty()) {
      throw new IllegalStateException("baseline left " + wrong.size() + " positions wrong");
    }
  }

  /** Every record in the hub topic has been consumed and committed by the read model. */
  private static boolean consumerGroupCaughtUp(Admin admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(HUB_GROUP).partitionsToOffsetAndMetadata().get();
    int partitions =
        admin
            .describeTopics(List.of(HUB_TOPIC))
            .allTopicNames()
            .get()
            .get(HUB_TOPIC)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(HUB_TOPIC, p), OffsetSpec.latest());
    }
    var ends = admin.listOffsets(latest).all().get();
    for (var end : ends.entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      long consumed = done == null ? 0 : done.offset();
      if (consumed < end.getValue().offset()) {
        return false;
      }
    }
    return true;
  }

  private InventoryPipelineBench() {}
}
