package io.retailhub.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.customer.CustomerStore;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import io.retailhub.sandbox.erp.ErpBusinessEvents;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.SimulatorServer;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Customer sync through real Kafka, PostgreSQL, Artemis and the platform simulators. The ERP
 * webhook route belongs to the inventory flow, so these tests put ERP business events on {@code
 * retail.erp.events.v1} exactly as that route forwards them (CloudEvents binary mode).
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class CustomerSyncTest {
  private static final String ERP_EVENTS = "retail.erp.events.v1";
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  /** Seed customers used here; other test classes use low indexes. */
  private static final AtomicInteger NEXT_CUSTOMER = new AtomicInteger(80);

  private static KafkaProducer<String, String> producer;

  @Inject DataSource dataSource;
  @Inject CustomerStore customerStore;

  @BeforeAll
  static void connect() {
    Properties props = new Properties();
    props.put("bootstrap.servers", SandboxTestResource.stack().kafka().bootstrapServers());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    producer = new KafkaProducer<>(props);
  }

  @AfterAll
  static void disconnect() {
    producer.close();
  }

  /** A seed customer linked to its ERP partner and Salesforce contact, as matching leaves it. */
  private RetailSeed.Customer linkedCustomer() throws Exception {
    RetailSeed.Customer customer =
        RetailSeed.standard().customers().get(NEXT_CUSTOMER.getAndIncrement());
    try (var connection = dataSource.getConnection()) {
      execute(
          connection,
          "INSERT INTO customer_golden (golden_id, normalized_email) VALUES (?, ?)",
          customer.goldenId(),
          customer.email().toLowerCase());
      execute(
          connection,
          "INSERT INTO customer_xref (golden_id, platform, platform_id, linked_by) VALUES (?, 'erp', ?, 'test')",
          customer.goldenId(),
          customer.erpBusinessPartner());
      execute(
          connection,
          "INSERT INTO customer_xref (golden_id, platform, platform_id, linked_by) VALUES (?, 'salesforce', ?, 'test')",
          customer.goldenId(),
          customer.salesforceContactId());
    }
    return customer;
  }

  private static void execute(java.sql.Connection connection, String sql, Object... args)
      throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      statement.executeUpdate();
    }
  }

  private static void publishErp(String partner, Map<String, Object> data) throws Exception {
    String id = UUID.randomUUID().toString();
    ProducerRecord<String, String> record =
        new ProducerRecord<>(ERP_EVENTS, partner, JSON.writeValueAsString(data));
    record.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add(
            "ce_type", ErpBusinessEvents.BUSINESS_PARTNER_CHANGED.getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .add("ce_source", "/default/sap.s4.beh/ERPSIM".getBytes(StandardCharsets.UTF_8));
    producer.send(record).get();
  }

  private static void publishCanonical(
      String goldenId, String source, String sourceId, Map<String, Object> attributes)
      throws Exception {
    Map<String, Object> change =
        Map.of(
            "goldenId", goldenId,
            "source", source,
            "sourceRecordId", sourceId,
            "sourceTimestamp", Instant.now().toString(),
            "attributes", attributes);
    producer
        .send(new ProducerRecord<>("retail.customer.v1", goldenId, JSON.writeValueAsString(change)))
        .get();
  }

  private static Object contactField(String goldenId, String field) {
    return SandboxTestResource.stack()
        .salesforce()
        .record("Contact", "Golden_Customer_Id__c", goldenId)
        .map(contact -> contact.get(field))
        .orElse(null);
  }

  private long count(String sql, Object... args) throws Exception {
    try (var connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @Test
  void anErpAddressChangeReachesSalesforce() throws Exception {
    RetailSeed.Customer customer = linkedCustomer();
    String street = "Harbour Way " + UUID.randomUUID().toString().substring(0, 8);

    publishErp(
        customer.erpBusinessPartner(),
        Map.of(
            "BusinessPartner",
            customer.erpBusinessPartner(),
            "ChangedFields",
            java.util.List.of("StreetName", "CityName"),
            "StreetName",
            street,
            "CityName",
            "Rotterdam",
            "ChangeSequence",
            "1",
            "LastChangeDateTime",
            Instant.now().toString()));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(contactField(customer.goldenId(), "MailingStreet")).isEqualTo(street);
              assertThat(contactField(customer.goldenId(), "MailingCity")).isEqualTo("Rotterdam");
            });

    io.restassured.RestAssured.given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .get("/api/v1/customers/{goldenId}", customer.goldenId())
        .then()
        .statusCode(200)
        .body("attributes.billingAddress.line1", org.hamcrest.Matchers.equalTo(street))
        .body("attributeVersions.billingAddress.source", org.hamcrest.Matchers.equalTo("erp"))
        .body("platformIds.erp", org.hamcrest.Matchers.equalTo(customer.erpBusinessPartner()))
        .body(
            "platformIds.salesforce",
            org.hamcrest.Matchers.equalTo(customer.salesforceContactId()));
    io.restassured.RestAssured.given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .queryParam("email", "  " + customer.email().toUpperCase() + " ")
        .get("/api/v1/customers")
        .then()
        .statusCode(200)
        .body("customers.goldenId", org.hamcrest.Matchers.hasItem(customer.goldenId()));
    io.restassured.RestAssured.given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .get("/api/v1/customers/{goldenId}", "GC-NOBODY-" + UUID.randomUUID())
        .then()
        .statusCode(404);
  }

  @Test
  void aSalesforceEditOfTheErpOwnedAddressIsAConflictAndDoesNotReachTheErp() throws Exception {
    RetailSeed.Customer customer = linkedCustomer();
    String erpStreet = "Erp Street " + UUID.randomUUID().toString().substring(0, 8);
    publishErp(
        customer.erpBusinessPartner(),
        Map.of(
            "BusinessPartner",
            customer.erpBusinessPartner(),
            "StreetName",
            erpStreet,
            "CityName",
            "Utrecht",
            "LastChangeDateTime",
            Instant.now().toString()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> erpStreet.equals(contactField(customer.goldenId(), "MailingStreet")));

    String salesforceStreet = "Sales Street " + UUID.randomUUID().toString().substring(0, 8);
    publishCanonical(
        customer.goldenId(),
        "salesforce",
        customer.salesforceContactId(),
        Map.of("billingAddress", Map.of("line1", salesforceStreet, "city", "Utrecht")));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM customer_conflict WHERE golden_id = ? AND attribute = 'billingAddress'"
                            + " AND kind = 'non-owner-write' AND rejected_source = 'salesforce'"
                            + " AND rejected_value->>'line1' = ?",
                        customer.goldenId(),
                        salesforceStreet)
                    == 1);
    assertThat(
            count(
                "SELECT count(*) FROM customer_golden WHERE golden_id = ? AND attributes->'billingAddress'->>'line1' = ?",
                customer.goldenId(),
                erpStreet))
        .isEqualTo(1);
    assertThat(SandboxTestResource.stack().erp().journal())
        .noneMatch(entry -> entry.body() != null && entry.body().contains(salesforceStreet));
    // the operators' list shows it masked, and resolving it is recorded
    io.restassured.path.json.JsonPath page =
        io.restassured.RestAssured.given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .queryParam("limit", "200")
            .get("/ops/v1/customer-conflicts")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    java.util.List<Map<String, Object>> mine =
        page.<Map<String, Object>>getList("items").stream()
            .filter(item -> customer.goldenId().equals(item.get("goldenId")))
            .toList();
    assertThat(mine).hasSize(1);
    assertThat(String.valueOf(mine.get(0).get("rejectedValue")))
        .doesNotContain(salesforceStreet)
        .contains("S***");
    Object conflictId = mine.get(0).get("id");
    io.restassured.RestAssured.given()
        .header("Authorization", BearerTokens.bearerFor("ops-alice", "ops:admin"))
        .contentType("application/json")
        .body("{\"resolution\":\"kept\"}")
        .post("/ops/v1/customer-conflicts/{id}/resolve", conflictId)
        .then()
        .statusCode(200)
        .body("resolution", org.hamcrest.Matchers.equalTo("kept"));
    assertThat(
            count(
                "SELECT count(*) FROM customer_conflict WHERE conflict_id = ? AND resolved_by = 'ops-alice'",
                ((Number) conflictId).longValue()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM audit_record WHERE entity_key = ? AND actor = 'ops-alice'"
                    + " AND action = 'customer-conflict.resolve'",
                String.valueOf(conflictId)))
        .isEqualTo(1);
    // correctNonOwner: Salesforce is given the ERP's address back
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> erpStreet.equals(contactField(customer.goldenId(), "MailingStreet")));
  }

  @Test
  void simultaneousEmailEditsInTwoSystemsConvergeOnTheNewerEverywhere() throws Exception {
    RetailSeed.Customer customer = linkedCustomer();
    String marker = UUID.randomUUID().toString().substring(0, 8);
    String olderEmail = "erp-" + marker + "@example.test";
    String newerEmail = "salesforce-" + marker + "@example.test";
    Instant erpEditTime = Instant.now().minusSeconds(2);

    // both systems changed the shared e-mail; the newer edit arrives first, so arrival order
    // must not decide (last-writer-wins by the source's own timestamp)
    publishCanonical(
        customer.goldenId(),
        "salesforce",
        customer.salesforceContactId(),
        Map.of("email", newerEmail));
    publishErp(
        customer.erpBusinessPartner(),
        Map.of(
            "BusinessPartner",
            customer.erpBusinessPartner(),
            "EmailAddress",
            olderEmail,
            "LastChangeDateTime",
            erpEditTime.toString()));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              // Salesforce holds the winner already (it is the source of it); the ERP, whose
              // write lost, is sent the winner
              assertThat(SandboxTestResource.stack().erp().journal())
                  .filteredOn(entry -> entry.method().equals("PATCH"))
                  .filteredOn(entry -> entry.body() != null && entry.body().contains(newerEmail))
                  .isNotEmpty();
              // the losing write is recorded
              assertThat(
                      count(
                          "SELECT count(*) FROM customer_conflict"
                              + " WHERE golden_id = ? AND attribute = 'email'",
                          customer.goldenId()))
                  .isPositive();
            });
    io.restassured.RestAssured.given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .get("/api/v1/customers/{goldenId}", customer.goldenId())
        .then()
        .statusCode(200)
        .body("attributes.email", org.hamcrest.Matchers.equalTo(newerEmail))
        .body("attributeVersions.email.source", org.hamcrest.Matchers.equalTo("salesforce"));
    // and nothing ever sends the older value anywhere
    assertThat(SandboxTestResource.stack().salesforce().journal())
        .filteredOn(entry -> entry.body() != null && entry.body().contains(olderEmail))
        .isEmpty();
  }

  @Test
  void anAmbiguousEmailMatchGoesToReview() throws Exception {
    String email = "twin-" + UUID.randomUUID() + "@example.test";
    try (var connection = dataSource.getConnection()) {
      for (String golden : new String[] {"GC-TWIN-A-" + email, "GC-TWIN-B-" + email}) {
        execute(
            connection,
            "INSERT INTO customer_golden (golden_id, normalized_email) VALUES (?, ?)",
            golden,
            email);
      }
    }
    String partner = "9" + (System.nanoTime() % 1_000_000_000L);

    publishErp(
        partner,
        Map.of(
            "BusinessPartner",
            partner,
            "EmailAddress",
            "  " + email.toUpperCase() + " ",
            "LastChangeDateTime",
            Instant.now().toString()));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM customer_review WHERE platform = 'erp' AND platform_id = ?"
                            + " AND jsonb_array_length(candidate_ids) = 2",
                        partner)
                    == 1);
    assertThat(
            count(
                "SELECT count(*) FROM customer_xref WHERE platform = 'erp' AND platform_id = ?",
                partner))
        .isZero();
  }

  @Test
  void theHubsOwnWritesDoNotComeBackAsChangesAndWriteCountsStayFlat() throws Exception {
    RetailSeed.Customer customer = linkedCustomer();
    String email = "echo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    int erpEventsBefore = SandboxTestResource.stack().erp().publishedEvents().size();

    // a Salesforce e-mail edit (shared) is written to the ERP, which emits its own change event
    publishCanonical(
        customer.goldenId(), "salesforce", customer.salesforceContactId(), Map.of("email", email));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> partnerEventsReporting(email, erpEventsBefore) > 0);
    // deliver that ERP event to the hub as the ERP webhook route would
    for (ErpBusinessEvents.PublishedEvent event :
        SandboxTestResource.stack()
            .erp()
            .publishedEvents()
            .subList(erpEventsBefore, SandboxTestResource.stack().erp().publishedEvents().size())) {
      if (email.equals(event.data().get("EmailAddress"))) {
        publishErp(customer.erpBusinessPartner(), event.data());
      }
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ofSeconds(1))
        .during(Duration.ofSeconds(4))
        .until(
            () ->
                writesTo(SandboxTestResource.stack().erp().journal(), customer.erpBusinessPartner())
                        == 1
                    && writesTo(
                            SandboxTestResource.stack().salesforce().journal(), customer.goldenId())
                        == 0
                    && writesTo(
                            SandboxTestResource.stack().salesforce().journal(),
                            customer.salesforceContactId())
                        == 0
                    && SandboxTestResource.stack().serviceDesk().journal().stream()
                            .filter(entry -> entry.path().endsWith("users/create_or_update.json"))
                            .filter(
                                entry ->
                                    entry.body() != null
                                        && entry.body().contains(customer.goldenId()))
                            .count()
                        == 1);
    assertThat(partnerEventsReporting(email, erpEventsBefore)).isEqualTo(1);
  }

  @Test
  void aValueTheHubWroteTwiceIsExpectedBackTwiceAndNoMore() {
    // a write redone after a restart repeats one already made, and the ERP announces both
    String partner = "9" + (System.nanoTime() % 1_000_000_000L);
    Map<String, JsonNode> phone = Map.of("phone", TextNode.valueOf("+49 40 00901"));
    customerStore.rememberWrites(Platform.ERP, partner, phone, Duration.ofMinutes(5));
    customerStore.rememberWrites(Platform.ERP, partner, phone, Duration.ofMinutes(5));

    assertThat(customerStore.withoutEchoes(Platform.ERP, partner, phone)).isEmpty();
    assertThat(customerStore.withoutEchoes(Platform.ERP, partner, phone)).isEmpty();
    assertThat(customerStore.withoutEchoes(Platform.ERP, partner, phone)).isEqualTo(phone);
  }

  private static long partnerEventsReporting(String email, int from) {
    var events = SandboxTestResource.stack().erp().publishedEvents();
    return events.subList(from, events.size()).stream()
        .filter(event -> email.equals(event.data().get("EmailAddress")))
        .count();
  }

  private static long writesTo(java.util.List<SimulatorServer.JournalEntry> journal, String key) {
    return journal.stream()
        .filter(entry -> !entry.method().equals("GET"))
        .filter(entry -> entry.path().contains(key))
        .count();
  }

  @Test
  void aMalformedErpEventIsDeadLetteredWithTheReason() throws Exception {
    String partner = "8" + (System.nanoTime() % 1_000_000_000L);
    publishErp(partner, Map.of("BusinessPartner", partner, "StreetName", "No Time Lane"));

    var stack = SandboxTestResource.stack();
    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(stack.artemis().url());
    try (Connection connection =
        factory.createConnection(
            io.retailhub.sandbox.stack.ArtemisBroker.USER, stack.artemis().password())) {
      connection.start();
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer consumer =
          session.createConsumer(session.createQueue("DLQ.customer-erp-ingest"));
      Message dead = null;
      long deadline = System.currentTimeMillis() + 30_000;
      while (dead == null && System.currentTimeMillis() < deadline) {
        Message candidate = consumer.receive(1_000);
        if (candidate != null && candidate.getBody(String.class).contains(partner)) {
          dead = candidate;
        }
      }
      assertThat(dead).as("dead letter for partner " + partner).isNotNull();
      assertThat(dead.getStringProperty("HubExceptionMessage")).contains("LastChangeDateTime");
      assertThat(dead.getStringProperty("HubFailedRouteId")).startsWith("customer-erp-ingest");
    }
  }
}
