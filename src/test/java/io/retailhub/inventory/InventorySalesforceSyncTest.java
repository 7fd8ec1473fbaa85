package io.retailhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.ops.metrics.SalesforceApiBudget;
import io.retailhub.sandbox.erp.ErpSimulator.StockView;
import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.support.SimulatorServer.JournalEntry;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Salesforce inventory sync on the real servers and the Salesforce simulator: ERP webhook ->
 * Kafka -> read model -> pending list -> sObject Collections upsert. Every test uses its own SKUs.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class InventorySalesforceSyncTest {

  private static final String POSITION = "Inventory_Position__c";
  private static final String COLLECTION_UPSERT =
      "/composite/sobjects/Inventory_Position__c/Position_Key__c";

  @Inject AgroalDataSource dataSource;
  @Inject SalesforceApiBudget apiBudget;
  private ReadModel readModel;
  private SalesforceSimulator salesforce;

  @BeforeEach
  void setUp() {
    readModel = new ReadModel(dataSource);
    salesforce = SandboxTestResource.stack().salesforce();
  }

  @Test
  void movementsWithDuplicatesAndShuffledOrderEndWithTheFinalPositionsInSalesforce() {
    String sku = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(sku, "S001", 100);
    ErpWebhooks.createMaterial(sku + "B", "S002", 50);
    // 40 ERP movements on two keys, delivered by the ERP on 4 threads (shuffled)
    movements(sku, "S001", sku + "B", "S002", 40);

    // a third key fed straight with signed events: sequences 2..21, every third sent twice,
    // shuffled
    String direct = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(direct, "S003", 0);
    List<String> bodies = new ArrayList<>();
    for (int sequence = 2; sequence <= 21; sequence++) {
      String body =
          ErpWebhooks.stockEvent(
              UUID.randomUUID().toString(), direct, "S003", 10L * sequence, sequence, sequence);
      bodies.add(body);
      if (sequence % 3 == 0) {
        bodies.add(body);
      }
    }
    Collections.shuffle(bodies, new Random(11));
    for (String body : bodies) {
      ErpWebhooks.postSigned(body).then().statusCode(202);
    }

    StockView first = SandboxTestResource.stack().erp().stock(sku, "S001").orElseThrow();
    StockView second = SandboxTestResource.stack().erp().stock(sku + "B", "S002").orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(salesforcePosition(sku + "@S001")).containsExactly(figures(first));
              assertThat(salesforcePosition(sku + "B@S002")).containsExactly(figures(second));
              assertThat(salesforcePosition(direct + "@S003"))
                  .containsExactly(210L, 21L, 189L, 21L);
            });
    assertThat(salesforce.records(POSITION))
        .filteredOn(r -> r.get("Position_Key__c").toString().startsWith(sku))
        .hasSize(2);
    // every upsert of a position key is audited under that key
    List<java.util.Map<String, Object>> audit =
        io.restassured.RestAssured.given()
            .header("Authorization", io.retailhub.it.BearerTokens.bearer("ops:read"))
            .queryParam("entityKey", direct + "@S003")
            .get("/ops/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");
    assertThat(audit)
        .isNotEmpty()
        .allSatisfy(
            item -> {
              assertThat(item.get("actor")).isEqualTo("hub:inventory-salesforce-sync");
              assertThat(item.get("action")).isEqualTo("inventory.salesforce-upsert");
              assertThat(item.get("target")).isEqualTo("salesforce");
              assertThat(item.get("correlationId")).isNotNull();
            })
        .anySatisfy(item -> assertThat(item.get("outcome")).isEqualTo("UPSERTED"));
  }

  @Test
  void eachRunSendsAtMostCeilOfKeysOver200CollectionCalls() throws Exception {
    String prefix = ErpWebhooks.freshMaterial();
    int keys = 450;
    long journalMark = lastJournalSeq();
    // one transaction: the sync sees all 450 changed positions in the same window
    insertPositions(prefix, keys);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (int i = 0; i < keys; i++) {
                assertThat(salesforcePosition(prefix + "-" + i + "@WH01"))
                    .containsExactly(i + 10L, 5L, i + 5L, 7L);
              }
            });

    List<List<String>> callsWithOurKeys = new ArrayList<>();
    for (JournalEntry entry : salesforce.journal()) {
      if (entry.seq() > journalMark
          && entry.method().equals("PATCH")
          && entry.path().endsWith(COLLECTION_UPSERT)
          && entry.status() == 200) {
        List<String> sent = keysIn(entry.body());
        if (sent.stream().anyMatch(k -> k.startsWith(prefix + "-"))) {
          callsWithOurKeys.add(sent);
        }
      }
    }
    Set<String> distinctKeys = new HashSet<>();
    for (List<String> call : callsWithOurKeys) {
      assertThat(call).hasSizeLessThanOrEqualTo(200).doesNotHaveDuplicates();
      distinctKeys.addAll(call);
    }
    int bound = (distinctKeys.size() + 199) / 200;
    System.out.printf(
        "salesforce sync: %d collection calls for %d distinct keys (%d ours), bound %d, sizes %s%n",
        callsWithOurKeys.size(),
        distinctKeys.size(),
        keys,
        bound,
        callsWithOurKeys.stream().map(List::size).toList());
    assertThat(distinctKeys.size()).isGreaterThanOrEqualTo(keys);
    assertThat(callsWithOurKeys).hasSizeLessThanOrEqualTo(bound).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void salesforceOutageDelaysTheSyncButEveryPositionEndsCorrect() {
    String sku = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(sku, "S004", 40);
    ErpWebhooks.createMaterial(sku + "B", "WH01", 70);
    awaitSalesforce(sku + "@S004", 40L, 0L, 40L, 1L);
    awaitSalesforce(sku + "B@WH01", 70L, 0L, 70L, 1L);

    long journalMark = lastJournalSeq();
    salesforce.faults().outage(true);
    try {
      movements(sku, "S004", sku + "B", "WH01", 30);
      StockView first = SandboxTestResource.stack().erp().stock(sku, "S004").orElseThrow();
      StockView second = SandboxTestResource.stack().erp().stock(sku + "B", "WH01").orElseThrow();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(readModel.position(sku, "S004")).containsExactly(figures(first));
                assertThat(readModel.position(sku + "B", "WH01")).containsExactly(figures(second));
              });
      // the sync keeps trying while Salesforce is down
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> refusedCollectionCalls(journalMark, 503) >= 3);
      assertThat(salesforcePosition(sku + "@S004")).containsExactly(40L, 0L, 40L, 1L);
    } finally {
      salesforce.faults().outage(false);
    }

    StockView first = SandboxTestResource.stack().erp().stock(sku, "S004").orElseThrow();
    StockView second = SandboxTestResource.stack().erp().stock(sku + "B", "WH01").orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(salesforcePosition(sku + "@S004")).containsExactly(figures(first));
              assertThat(salesforcePosition(sku + "B@WH01")).containsExactly(figures(second));
            });
  }

  @Test
  void exhaustedApiBudgetPausesTheSyncThenItResumesWithNothingLost() {
    String sku = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(sku, "S002", 15);
    awaitSalesforce(sku + "@S002", 15L, 0L, 15L, 1L);

    long journalMark = lastJournalSeq();
    salesforce.apiBudget(SalesforceSimulator.DEFAULT_DAILY_API_REQUESTS, 0);
    try {
      movements(sku, "S002", sku, "S002", 20);
      StockView stock = SandboxTestResource.stack().erp().stock(sku, "S002").orElseThrow();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(readModel.position(sku, "S002")).containsExactly(figures(stock)));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> refusedCollectionCalls(journalMark, 403) >= 3);
      // the hub read the exhausted budget from Sforce-Limit-Info and paused; nothing was written
      assertThat(apiBudget.remainingRatio()).hasValue(0.0);
      assertThat(salesforcePosition(sku + "@S002")).containsExactly(15L, 0L, 15L, 1L);
    } finally {
      salesforce.apiBudget(
          SalesforceSimulator.DEFAULT_DAILY_API_REQUESTS,
          SalesforceSimulator.DEFAULT_DAILY_API_REQUESTS);
    }

    StockView stock = SandboxTestResource.stack().erp().stock(sku, "S002").orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(salesforcePosition(sku + "@S002")).containsExactly(figures(stock)));
    // the hub reads the budget from the answer to the call that wrote the record, a moment after
    // the simulator holds the record
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(apiBudget.remainingRatio().orElseThrow()).isGreaterThan(0.9));
  }

  // ------------------------------------------------------------------------------------ helpers

  /** {On_Hand__c, Reserved__c, Available__c, Source_Sequence__c}, or null when not there. */
  private long[] salesforcePosition(String key) {
    return salesforce
        .record(POSITION, "Position_Key__c", key)
        .map(
            r ->
                new long[] {
                  number(r, "On_Hand__c"),
                  number(r, "Reserved__c"),
                  number(r, "Available__c"),
                  number(r, "Source_Sequence__c")
                })
        .orElse(null);
  }

  private void awaitSalesforce(String key, long... expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(salesforcePosition(key)).containsExactly(expected));
  }

  private static long number(Map<String, Object> record, String field) {
    return ((Number) record.get(field)).longValue();
  }

  private static long[] figures(StockView stock) {
    return new long[] {stock.onHand(), stock.reserved(), stock.available(), stock.changeSequence()};
  }

  /** Random positive movements alternating between two keys (which may be the same key). */
  private static void movements(String sku1, String plant1, String sku2, String plant2, int n) {
    StringBuilder movements = new StringBuilder("[");
    Random random = new Random(n);
    for (int i = 0; i < n; i++) {
      movements.append(i == 0 ? "" : ",");
      movements.append(
          "{\"material\":\"%s\",\"plant\":\"%s\",\"onHandDelta\":%d,\"reservedDelta\":%d}"
              .formatted(
                  i % 2 == 0 ? sku1 : sku2,
                  i % 2 == 0 ? plant1 : plant2,
                  1 + random.nextInt(5),
                  random.nextInt(2)));
    }
    ErpWebhooks.admin("/__admin/stock/movements", movements.append("]").toString());
  }

  private long lastJournalSeq() {
    return salesforce.journal().stream().mapToLong(JournalEntry::seq).max().orElse(0);
  }

  private long refusedCollectionCalls(long after, int status) {
    return salesforce.journal().stream()
        .filter(e -> e.seq() > after && e.status() == status)
        .filter(e -> e.method().equals("PATCH") && e.path().endsWith(COLLECTION_UPSERT))
        .count();
  }

  private static List<String> keysIn(String body) throws Exception {
    List<String> keys = new ArrayList<>();
    for (JsonNode record : CanonicalJson.mapper().readTree(body).path("records")) {
      keys.add(record.path("Position_Key__c").asText());
    }
    return keys;
  }

  private void insertPositions(String prefix, int count) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO inventory_position"
                  + " (sku, location, on_hand, reserved, available, as_of, source_sequence)"
                  + " VALUES (?, 'WH01', ?, 5, ?, ?, 7)")) {
        for (int i = 0; i < count; i++) {
          insert.setString(1, prefix + "-" + i);
          insert.setLong(2, i + 10L);
          insert.setLong(3, i + 5L);
          insert.setTimestamp(4, Timestamp.from(Instant.parse("2026-11-29T06:00:00Z")));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
    }
  }
}
