package io.retailhub.customers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.DeadLetters;
import io.retailhub.it.LinkedCustomers;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.it.ServiceDeskAgent;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.erp.ErpBusinessEvents;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import io.retailhub.sandbox.support.SimulatorServer.JournalEntry;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The service desk as a customer source (issue 7): a change made to a user in the service desk
 * simulator is sent as a signed Zendesk user event to /webhooks/servicedesk/users and merged under
 * the ownership rules. Asserted on the Salesforce and ERP simulators' state and journals and on the
 * conflicts API.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class CustomerServiceDeskIngestTest {
  /** Seed customers 70..79 belong to this class (70.. in order, 78 for the echo test). */
  private static final AtomicInteger NEXT_CUSTOMER = new AtomicInteger(70);

  @Inject DataSource dataSource;

  private final ServiceDeskSimulator desk = SandboxTestResource.stack().serviceDesk();

  /** A seed customer linked in all three systems, as matching leaves it. */
  private RetailSeed.Customer linkedCustomer() throws Exception {
    return linkedCustomer(NEXT_CUSTOMER.getAndIncrement());
  }

  private RetailSeed.Customer linkedCustomer(int seedIndex) throws Exception {
    return LinkedCustomers.link(dataSource, seedIndex);
  }

  /** What an agent does in the service desk: edit the user through the API. */
  private void editUserInTheDesk(long userId, Map<String, Object> user) {
    given()
        .header("Authorization", ServiceDeskAgent.authorization())
        .contentType(ContentType.JSON)
        .body(Map.of("user", user))
        .put(desk.baseUrl() + "/api/v2/users/" + userId + ".json")
        .then()
        .statusCode(200);
  }

  private static Object contactField(String contactId, String field) {
    return SandboxTestResource.stack()
        .salesforce()
        .record(contactId)
        .map(contact -> contact.get(field))
        .orElse(null);
  }

  @SuppressWarnings("unchecked")
  private static String erpEmail(String partner) {
    Map<String, Object> entity =
        SandboxTestResource.stack().erp().businessPartner(partner).orElseThrow();
    Map<String, Object> address =
        ((List<Map<String, Object>>)
                ((Map<String, Object>) entity.get("to_BusinessPartnerAddress")).get("results"))
            .get(0);
    return (String)
        ((List<Map<String, Object>>)
                ((Map<String, Object>) address.get("to_EmailAddress")).get("results"))
            .get(0)
            .get("EmailAddress");
  }

  private static List<JournalEntry> erpPartnerWrites(String partner) {
    return SandboxTestResource.stack().erp().journal().stream()
        .filter(entry -> entry.method().equals("PATCH"))
        .filter(
            entry ->
                entry.path().contains("BusinessPartner='" + partner + "'")
                    || entry.path().endsWith("A_BusinessPartner('" + partner + "')"))
        .toList();
  }

  /** Every open conflict of one customer, read page by page from the ops API. */
  private static List<Map<String, Object>> conflictsOf(String goldenId) {
    List<Map<String, Object>> found = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 100; page++) {
      var request =
          given().header("Authorization", BearerTokens.bearer("ops:read")).queryParam("limit", 100);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      JsonPath body =
          request.get("/ops/v1/customer-conflicts").then().statusCode(200).extract().jsonPath();
      List<Map<String, Object>> items = body.getList("items");
      items.stream().filter(item -> goldenId.equals(item.get("goldenId"))).forEach(found::add);
      cursor = body.getString("nextCursor");
      if (cursor == null) {
        break;
      }
    }
    return found;
  }

  @Test
  void anEmailChangedInTheServiceDeskReachesSalesforceAndTheErp() throws Exception {
    RetailSeed.Customer customer = linkedCustomer();
    String email = "desk-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    editUserInTheDesk(customer.zendeskUserId(), Map.of("email", email));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(contactField(customer.salesforceContactId(), "Email")).isEqualTo(email);
              assertThat(erpEmail(customer.erpBusinessPartner())).isEqualTo(email);
            });
    given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .get("/api/v1/customers/{goldenId}", customer.goldenId())
        .then()
        .statusCode(200)
        .body("attributes.email", org.hamcrest.Matchers.equalTo(email))
        .body("attributeVersions.email.source", org.hamcrest.Matchers.equalTo("servicedesk"));
    // the desk is the source, so the hub wrote nothing back to it
    assertThat(desk.journal())
        .filteredOn(entry -> entry.path().startsWith("/api/v2/users/create_or_update"))
        .filteredOn(entry -> entry.body() != null && entry.body().contains(email))
        .isEmpty();
    assertThat(erpPartnerWrites(customer.erpBusinessPartner())).hasSize(1);
  }

  @Test
  void aNameChangedInTheServiceDeskIsAConflictAndGoesNowhere() throws Exception {
    RetailSeed.Customer customer = linkedCustomer();
    Instant before = Instant.now();

    editUserInTheDesk(
        customer.zendeskUserId(), Map.of("name", "Desk Renamed" + customer.lastName()));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(conflictsOf(customer.goldenId()))
                    .extracting(item -> item.get("attribute"))
                    .contains("firstName", "lastName"));
    assertThat(conflictsOf(customer.goldenId()))
        .allSatisfy(
            conflict -> {
              assertThat(conflict.get("kind")).isEqualTo("non-owner-write");
              assertThat(conflict.get("rejectedSource")).isEqualTo("servicedesk");
              assertThat(conflict.get("keptSource")).isEqualTo("salesforce");
              assertThat(Instant.parse((String) conflict.get("rejectedTimestamp")))
                  .isAfterOrEqualTo(before.minusSeconds(1));
            });
    assertThat(contactField(customer.salesforceContactId(), "LastName"))
        .isEqualTo(customer.lastName());
    assertThat(erpPartnerWrites(customer.erpBusinessPartner())).isEmpty();
    assertThat(
            Optional.ofNullable(
                SandboxTestResource.stack()
                    .erp()
                    .businessPartner(customer.erpBusinessPartner())
                    .orElseThrow()
                    .get("LastName")))
        .contains(customer.lastName());
  }

  private long count(String sql, Object... args) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static void publishErpPartnerChange(String partner, Map<String, Object> data)
      throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", SandboxTestResource.stack().kafka().bootstrapServers());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      // exactly what the ERP webhook route forwards (CloudEvents binary mode)
      ProducerRecord<String, String> record =
          new ProducerRecord<>(
              "retail.erp.events.v1", partner, CanonicalJson.mapper().writeValueAsString(data));
      record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
      record
          .headers()
          .add(
              "ce_type",
              ErpBusinessEvents.BUSINESS_PARTNER_CHANGED.getBytes(StandardCharsets.UTF_8));
      record
          .headers()
          .add("ce_source", "/default/sap.s4.beh/ERPSIM".getBytes(StandardCharsets.UTF_8));
      producer.send(record).get();
    }
  }

  @Test
  void theDeskEventCausedByTheHubsOwnWriteIsAnEchoAndGoesNowhere() throws Exception {
    // an even seed index: the desk user carries the golden ID as external_id, as after a hub write
    RetailSeed.Customer customer = linkedCustomer(78);
    String userId = String.valueOf(customer.zendeskUserId());
    String phone = "+31 6 " + (10_000_000 + new java.util.Random().nextInt(89_999_999));

    publishErpPartnerChange(
        customer.erpBusinessPartner(),
        Map.of(
            "BusinessPartner", customer.erpBusinessPartner(),
            "PhoneNumber", phone,
            "LastChangeDateTime", Instant.now().toString()));

    // the hub writes the ERP's phone to the desk and remembers that write as an expected echo
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(desk.userByEmail(customer.email()).orElseThrow().get("phone"))
                  .isEqualTo(phone);
              assertThat(contactField(customer.salesforceContactId(), "Phone")).isEqualTo(phone);
            });
    // the desk reports the change back as a signed user event ...
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                desk.sentWebhooks().stream()
                    .anyMatch(
                        event ->
                            ("zen:user:" + userId).equals(event.get("subject"))
                                && String.valueOf(event.get("event")).contains(phone)));
    // ... which the ingest recognises: the remembered write is consumed, nothing is published
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM customer_echo WHERE platform = 'servicedesk'"
                            + " AND platform_id = ? AND attribute = 'phone'",
                        userId)
                    == 0);
    assertThat(
            count(
                "SELECT count(*) FROM customer_conflict WHERE golden_id = ?", customer.goldenId()))
        .isZero();
    given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .get("/api/v1/customers/{goldenId}", customer.goldenId())
        .then()
        .statusCode(200)
        .body("attributeVersions.phone.source", org.hamcrest.Matchers.equalTo("erp"));
    // the ERP was the source: had the echo been taken for a desk edit, the ERP would be written
    assertThat(erpPartnerWrites(customer.erpBusinessPartner())).isEmpty();
  }

  /** Zendesk redelivers a user event until it gets a 2xx: a second delivery changes nothing. */
  @Test
  void aUserEventDeliveredTwiceIsAppliedOnce() throws Exception {
    RetailSeed.Customer customer = linkedCustomer();
    String email = "twice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String body =
        CanonicalJson.mapper()
            .writeValueAsString(
                Map.of(
                    "id", UUID.randomUUID().toString(),
                    "type", "zen:event-type:user.identity_changed",
                    "subject", "zen:user:" + customer.zendeskUserId(),
                    "time", Instant.now().toString(),
                    "detail",
                        Map.of(
                            "id",
                            String.valueOf(customer.zendeskUserId()),
                            "role",
                            "end-user",
                            "email",
                            email),
                    "event",
                        Map.of(
                            "current", Map.of("type", "email", "value", email, "primary", true))));
    for (int delivery = 0; delivery < 2; delivery++) {
      postSignedUserEvent(body)
          .statusCode(
              org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(200))
                  .and(org.hamcrest.Matchers.lessThan(300)));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(contactField(customer.salesforceContactId(), "Email")).isEqualTo(email);
              assertThat(erpEmail(customer.erpBusinessPartner())).isEqualTo(email);
            });
    // the second delivery was taken as a duplicate: one ERP write, then nothing more
    await()
        .pollDelay(Duration.ofSeconds(1))
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(() -> erpPartnerWrites(customer.erpBusinessPartner()).size() == 1);
  }

  /**
   * A signed user event that cannot be mapped (no event time) is dead-lettered and answered 202.
   * Its replay re-enters after the signature check, which a replay could not pass any more (its
   * timestamp is stale), reaches the mapping again and, still unmappable, is parked again, linked.
   */
  @Test
  void aPoisonUserEventIsDeadLetteredAndItsReplayReachesTheMappingAgain() throws Exception {
    RetailSeed.Customer customer = linkedCustomer();
    String body =
        CanonicalJson.mapper()
            .writeValueAsString(
                Map.of(
                    "id", UUID.randomUUID().toString(),
                    "type", "zen:event-type:user.identity_changed",
                    "subject", "zen:user:" + customer.zendeskUserId(),
                    "detail",
                        Map.of("id", String.valueOf(customer.zendeskUserId()), "role", "end-user"),
                    "event", Map.of("current", Map.of("type", "phone_number", "value", "1"))));
    long deadLetterId =
        postSignedUserEvent(body)
            .statusCode(202)
            .body("status", org.hamcrest.Matchers.equalTo("DEAD_LETTERED"))
            .extract()
            .jsonPath()
            .getLong("deadLetterId");

    DeadLetters.replay(deadLetterId, "desk-replayer")
        .statusCode(202)
        .body("replayOutcome", org.hamcrest.Matchers.equalTo("FAILED"));

    java.util.List<Map<String, Object>> entries = DeadLetters.ofFlow("customer-servicedesk-ingest");
    Map<String, Object> again =
        entries.stream()
            .filter(entry -> Long.valueOf(deadLetterId).equals(toLong(entry.get("replayOf"))))
            .findFirst()
            .orElseThrow();
    assertThat((String) again.get("routeId")).startsWith("customer-servicedesk-ingest");
    assertThat((String) again.get("exceptionMessage")).isNotBlank();
  }

  /** A user event signed by the desk's webhook secret, as Zendesk delivers it. */
  private static io.restassured.response.ValidatableResponse postSignedUserEvent(String body) {
    return given()
        .contentType(ContentType.JSON)
        .headers(
            ServiceDeskSimulator.sign(
                SandboxTestResource.stack().hubConfig().get("hub.servicedesk.webhook-secret"),
                body,
                Instant.now()))
        .body(body)
        .post("/webhooks/servicedesk/users")
        .then();
  }

  private static Long toLong(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  @Test
  void anUnsignedUserEventIsRefused() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"type\":\"zen:event-type:user.created\",\"id\":\"forged\","
                + "\"subject\":\"zen:user:1\",\"detail\":{\"id\":\"1\"}}")
        .post("/webhooks/servicedesk/users")
        .then()
        .statusCode(401);
  }
}
