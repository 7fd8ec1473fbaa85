package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailhub.sandbox.erp.ErpSimulator;
import io.retailhub.sandbox.stack.SandboxStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault test 1 (issue 8), crash mid-stream: the packaged hub runs as its own process, 10,000 ERP
 * stock movements stream through it, the process is killed with SIGKILL part-way and started again.
 * The ERP simulator redelivers every webhook until it gets a 2xx, so afterwards the read model must
 * equal the ERP's stock for every key, in the read model and in the Salesforce simulator, and every
 * ERP event must be on Kafka: nothing lost.
 *
 * <p>Runs in failsafe's integration-test phase because it needs {@code
 * target/quarkus-app/quarkus-run.jar}: {@code ./mvnw verify -Dit.test=HubCrashIT}.
 */
class HubCrashIT {
  private static final int MOVEMENTS = 10_000;
  private static final int BATCH = 250;
  private static final int MATERIALS = 20;
  private static final List<String> PLANTS = List.of("WH01", "S001", "S002", "S003", "S004");
  private static final int KILL_AFTER_APPLIED = 3_000;
  private static final String POSITION_TOPIC = "retail.inventory.position.v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static CrashTestHarness harness;
  private static SandboxStack stack;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void startStack() throws IOException {
    // the read model must be fed by events alone, or a reconciliation run could hide a lost one
    harness = CrashTestHarness.start("inventory", "hub.inventory.reconciliation.period=24h");
    stack = harness.stack();
  }

  @AfterAll
  static void stopStack() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aHubKilledMidStreamLosesNoInventoryEvent() throws Exception {
    long startedAt = System.nanoTime();
    ErpSimulator erp = stack.erp();
    try {
      harness.startHub();
      List<String> materials = createMaterials();
      long setupEvents = (long) materials.size() * PLANTS.size();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> appliedSequenceSum(materials) >= setupEvents);

      streamMovements(materials);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> appliedSequenceSum(materials) - setupEvents >= KILL_AFTER_APPLIED);
      long appliedAtKill = appliedSequenceSum(materials) - setupEvents;
      long pid = harness.killHub();
      System.out.printf(
          "crash-test: SIGKILL hub pid %d after %d movements applied to the read model%n",
          pid, appliedAtKill);

      harness.startHub();
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(mismatchedPositions(erp, materials)).isEmpty());

      long erpEvents = erpEventsFor(erp, materials);
      KafkaCount onKafka = positionEventsOnKafka(materials);
      long lost = erpEvents - onKafka.distinct();
      long kafkaDuplicates = onKafka.records() - onKafka.distinct();
      long webhookDeliveries = erp.webhookStats().get("delivered");
      long idempotentKeys = idempotentRepositoryKeys();
      long deadLettered = count("SELECT count(*) FROM dead_letter");
      System.out.printf(
          "crash-test: sent=%d (movements %d + setup %d), webhook 2xx deliveries=%d, idempotent"
              + " keys=%d, duplicate deliveries (idempotent repository hits)=%d, on Kafka=%d"
              + " records / %d distinct, Kafka duplicates=%d, dead-lettered=%d, lost=%d,"
              + " positions checked=%d, hub starts=%d, runtime=%d s%n",
          erpEvents,
          MOVEMENTS,
          setupEvents,
          webhookDeliveries,
          idempotentKeys,
          webhookDeliveries - idempotentKeys,
          onKafka.records(),
          onKafka.distinct(),
          kafkaDuplicates,
          deadLettered,
          lost,
          materials.size() * PLANTS.size(),
          harness.hubStarts(),
          (System.nanoTime() - startedAt) / 1_000_000_000);
      assertThat(erpEvents).isEqualTo(MOVEMENTS + setupEvents);
      assertThat(lost).as("ERP events that never reached Kafka").isZero();
      assertThat(deadLettered).isZero();
      assertThat(mismatchedPositions(erp, materials)).isEmpty();
    } finally {
      harness.stopHub();
    }
  }

  // ------------------------------------------------------------------ ERP traffic

  private List<String> createMaterials() throws Exception {
    String prefix = "CRASH-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    List<String> materials = new ArrayList<>();
    for (int i = 0; i < MATERIALS; i++) {
      String material = prefix + "-" + i;
      List<Map<String, Object>> stock = new ArrayList<>();
      for (String plant : PLANTS) {
        stock.add(Map.of("plant", plant, "onHand", 100, "reserved", 0));
      }
      Map<String, Object> body =
          Map.of(
              "material",
              material,
              "description",
              "crash test " + material,
              "unitPrice",
              "1.00",
              "currency",
              "EUR",
              "stock",
              stock);
      assertThat(postToErp("/__admin/materials", body)).isEqualTo(201);
      materials.add(material);
    }
    return materials;
  }

  /** Absolute stock levels, so the ERP's final state depends only on the last event per key. */
  private void streamMovements(List<String> materials) throws Exception {
    Random random = new Random(20261129L);
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < MOVEMENTS; i++) {
      long onHand = random.nextInt(1_000);
      batch.add(
          Map.of(
              "material",
              materials.get(random.nextInt(materials.size())),
              "plant",
              PLANTS.get(random.nextInt(PLANTS.size())),
              "onHand",
              onHand,
              "reserved",
              (long) random.nextInt((int) onHand + 1)));
      if (batch.size() == BATCH) {
        assertThat(postToErp("/__admin/stock/movements", batch)).isEqualTo(200);
        batch.clear();
      }
    }
  }

  private int postToErp(String path, Object body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(stack.erp().baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static long erpEventsFor(ErpSimulator erp, List<String> materials) {
    long events = 0;
    for (String material : materials) {
      for (String plant : PLANTS) {
        events += erp.stock(material, plant).orElseThrow().changeSequence();
      }
    }
    return events;
  }

  // ------------------------------------------------------------------ what the hub holds

  /** Each key's source sequence counts the ERP events applied to it, in order. */
  private static long appliedSequenceSum(List<String> materials) throws SQLException {
    try (Connection connection = database();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT COALESCE(SUM(source_sequence), 0) FROM inventory_position"
                    + " WHERE sku = ANY (?)")) {
      query.setArray(1, connection.createArrayOf("varchar", materials.toArray()));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** Keys whose read-model row differs from the ERP's stock: "sku@plant erp=... hub=...". */
  /** {On_Hand__c, Reserved__c, Available__c, Source_Sequence__c}, or null when not there. */
  private static long[] salesforcePosition(String key) {
    return stack
        .salesforce()
        .record("Inventory_Position__c", "Position_Key__c", key)
        .map(
            record ->
                new long[] {
                  ((Number) record.get("On_Hand__c")).longValue(),
                  ((Number) record.get("Reserved__c")).longValue(),
                  ((Number) record.get("Available__c")).longValue(),
                  ((Number) record.get("Source_Sequence__c")).longValue()
                })
        .orElse(null);
  }

  private static String text(long[] position) {
    return position == null ? "missing" : java.util.Arrays.toString(position);
  }

  /** Keys whose read-model row or Salesforce record differs from the ERP's stock. */
  private static List<String> mismatchedPositions(ErpSimulator erp, List<String> materials)
      throws SQLException {
    Map<String, long[]> hub = new HashMap<>();
    try (Connection connection = database();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT sku, location, on_hand, reserved, available, source_sequence"
                    + " FROM inventory_position WHERE sku = ANY (?)")) {
      query.setArray(1, connection.createArrayOf("varchar", materials.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          hub.put(
              rows.getString(1) + "@" + rows.getString(2),
              new long[] {rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6)});
        }
      }
    }
    List<String> mismatches = new ArrayList<>();
    for (String material : materials) {
      for (String plant : PLANTS) {
        ErpSimulator.StockView inErp = erp.stock(material, plant).orElseThrow();
        long[] expected = {
          inErp.onHand(), inErp.reserved(), inErp.available(), inErp.changeSequence()
        };
        String key = material + "@" + plant;
        long[] actual = hub.get(key);
        if (actual == null || !java.util.Arrays.equals(expected, actual)) {
          mismatches.add(
              key + " erp=" + java.util.Arrays.toString(expected) + " hub=" + text(actual));
        }
        long[] inSalesforce = salesforcePosition(key);
        if (inSalesforce == null || !java.util.Arrays.equals(expected, inSalesforce)) {
          mismatches.add(
              key
                  + " erp="
                  + java.util.Arrays.toString(expected)
                  + " salesforce="
                  + text(inSalesforce));
        }
      }
    }
    return mismatches;
  }

  record KafkaCount(long records, long distinct) {}

  /** Every position event for our keys on the topic, read from the start by a fresh group. */
  private static KafkaCount positionEventsOnKafka(List<String> materials) {
    Set<String> ours = new HashSet<>(materials);
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-test-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long records = 0;
    Set<String> distinct = new HashSet<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(POSITION_TOPIC));
      long emptyPolls = 0;
      while (emptyPolls < 5) {
        var polled = consumer.poll(Duration.ofSeconds(2));
        if (polled.isEmpty()) {
          emptyPolls++;
          continue;
        }
        emptyPolls = 0;
        for (ConsumerRecord<String, String> record : polled) {
          JsonNode position = readJson(record.value());
          if (!ours.contains(position.path("sku").asText())) {
            continue;
          }
          records++;
          distinct.add(record.key() + "#" + position.path("sourceSequence").asLong());
        }
      }
    }
    return new KafkaCount(records, distinct.size());
  }

  private static JsonNode readJson(String value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON on " + POSITION_TOPIC + ": " + value, e);
    }
  }

  private static long idempotentRepositoryKeys() throws SQLException {
    return count(
        "SELECT count(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'inventory-webhook'");
  }

  private static long count(String sql) throws SQLException {
    return harness.count(sql);
  }

  private static Connection database() throws SQLException {
    return harness.database();
  }
}
