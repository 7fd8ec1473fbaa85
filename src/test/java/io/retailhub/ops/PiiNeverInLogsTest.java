package io.retailhub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.LinkedCustomers;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.it.ServiceDeskAgent;
import io.retailhub.model.CanonicalJson;
import io.retailhub.orders.OrderFixtures;
import io.retailhub.sandbox.erp.ErpBusinessEvents;
import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, "PII masking in every log": one person's distinctive name, e-mails, phone number and
 * street go through every flow that carries customer data, each through its real entry point (the
 * orders API, a signed ERP webhook, the service desk's own user and ticket webhooks, a poison user
 * webhook that is dead-lettered, a poison ERP event that is dead-lettered, a Contact created in
 * Salesforce and the customer merge behind all of them). Then the log file of this test run (the
 * {@code %test} file handler, the same handler configuration as production's console) is read: it
 * must hold lines of those flows, and none of the personal values.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class PiiNeverInLogsTest {
  /** Seed customers 95..99 belong to this class. */
  private static final int FIRST_SEED = 95;

  private static final String MARKER = letters(8);
  private static final String FIRST_NAME = "Zephyrine" + MARKER;
  private static final String LAST_NAME = "Quillfeather" + MARKER;
  private static final String STREET_WORD = "Brambleworth" + MARKER;
  private static final String STREET = STREET_WORD + " Lane";
  private static final String HOUSE = "417";
  private static final String EMAIL_LOCAL = "zq" + MARKER.toLowerCase();
  private static final String PHONE_DIGITS = "6" + digits(8);
  private static final String PHONE =
      "+31 "
          + PHONE_DIGITS.charAt(0)
          + " "
          + PHONE_DIGITS.substring(1, 5)
          + " "
          + PHONE_DIGITS.substring(5);

  @Inject AgroalDataSource dataSource;

  @ConfigProperty(name = "quarkus.log.file.path")
  String logFile;

  private static String letters(int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return Character.toUpperCase(out.charAt(0)) + out.substring(1);
  }

  private static String digits(int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(ThreadLocalRandom.current().nextInt(10));
    }
    return out.toString();
  }

  private static String email(String flow) {
    return EMAIL_LOCAL + flow + "@pii-probe.example";
  }

  @Test
  void personalDataSentThroughEveryCustomerFlowIsInNoLogLine() throws Exception {
    Path log = Path.of(logFile);
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Map<String, String> correlationIds = new LinkedHashMap<>();

    orderWithAShippingStreet(correlationIds);
    RetailSeed.Customer erpCustomer = LinkedCustomers.link(dataSource, FIRST_SEED);
    erpPartnerChange(erpCustomer, correlationIds);
    erpPoisonPartnerChange(correlationIds);
    RetailSeed.Customer deskCustomer = LinkedCustomers.link(dataSource, FIRST_SEED + 1);
    serviceDeskUserEdit(deskCustomer);
    serviceDeskPoisonUserEvent(deskCustomer, correlationIds);
    serviceDeskTicket(deskCustomer);
    String salesforceGoldenId = salesforceContactCreated();

    String newLines = readFrom(log, logStart);
    String whole = Files.readString(log, StandardCharsets.UTF_8);

    // not vacuous: the flows wrote lines, found by the correlation IDs the test sent and the
    // records the flows wrote
    assertThat(newLines).as("log lines of this test").isNotBlank();
    // the MDC correlation ID: "cid=<id>" in the text format, "correlationId":"<id>" in JSON
    correlationIds.forEach(
        (flow, correlationId) ->
            assertThat(newLines)
                .as("a log line of %s (correlation ID %s)", flow, correlationId)
                .containsAnyOf(
                    "cid=" + correlationId, "\"correlationId\":\"" + correlationId + "\""));
    assertThat(newLines)
        .contains("dead-lettered flow=customer-erp-ingest")
        .contains("dead-lettered flow=customer-servicedesk-ingest")
        .contains("audit actor=hub:customer-merge")
        .contains("entity=" + erpCustomer.salesforceContactId())
        .contains(salesforceGoldenId);

    for (String personal :
        List.of(
            FIRST_NAME,
            LAST_NAME,
            STREET_WORD,
            EMAIL_LOCAL,
            PHONE,
            PHONE_DIGITS,
            PHONE_DIGITS.substring(1, 5) + " " + PHONE_DIGITS.substring(5))) {
      assertThat(whole).as("personal value %s in %s", personal, log).doesNotContain(personal);
      assertThat(whole.toLowerCase())
          .as("personal value %s (any case) in %s", personal, log)
          .doesNotContain(personal.toLowerCase());
    }
  }

  // ------------------------------------------------------------------ the flows

  /** Orders API: an accepted ship-to-home order and a refused one, both with the street. */
  private void orderWithAShippingStreet(Map<String, String> correlationIds) throws Exception {
    OrderFixtures fixtures = new OrderFixtures(dataSource);
    String sku = fixtures.material(Map.of("WH01", 20L));
    Map<String, Object> order =
        new LinkedHashMap<>(
            OrderFixtures.order(
                "ship_to_home", OrderFixtures.knownBusinessPartner(), Map.of(sku, 1L)));
    order.put(
        "shippingAddress",
        Map.of(
            "type", "shipping",
            "line1", HOUSE + " " + STREET,
            "line2", "c/o " + FIRST_NAME + " " + LAST_NAME,
            "city", "Utrecht",
            "postalCode", "3511",
            "countryCode", "NL"));
    String accepted = "pii-order-" + UUID.randomUUID();
    correlationIds.put("order-submission", accepted);
    given()
        .header("Authorization", BearerTokens.bearer("orders:write"))
        .header("Idempotency-Key", accepted)
        .header("X-Correlation-ID", accepted)
        .contentType(ContentType.JSON)
        .body(order)
        .post("/api/v1/orders")
        .then()
        .statusCode(201);
    Map<String, Object> refused = new LinkedHashMap<>(order);
    refused.put(
        "shippingAddress",
        Map.of("type", "shipping", "line1", HOUSE + " " + STREET, "countryCode", "ZZ"));
    String refusedId = "pii-order-refused-" + UUID.randomUUID();
    given()
        .header("Authorization", BearerTokens.bearer("orders:write"))
        .header("Idempotency-Key", refusedId)
        .header("X-Correlation-ID", refusedId)
        .contentType(ContentType.JSON)
        .body(refused)
        .post("/api/v1/orders")
        .then()
        .statusCode(400);
  }

  private static String erpPartnerEvent(String partner, boolean withChangeTime) {
    ObjectNode event = CanonicalJson.mapper().createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", UUID.randomUUID().toString());
    event.put("source", ErpBusinessEvents.SOURCE);
    event.put("type", ErpBusinessEvents.BUSINESS_PARTNER_CHANGED);
    event.put("subject", partner);
    event.put("time", Instant.now().toString());
    event.put("datacontenttype", "application/json");
    ObjectNode data = event.putObject("data");
    data.put("BusinessPartner", partner);
    data.put("FirstName", FIRST_NAME);
    data.put("LastName", LAST_NAME);
    data.put("EmailAddress", email("erp"));
    data.put("PhoneNumber", PHONE);
    data.put("StreetName", STREET);
    data.put("HouseNumber", HOUSE);
    data.put("CityName", "Utrecht");
    data.put("ChangeSequence", "1");
    if (withChangeTime) {
      data.put("LastChangeDateTime", Instant.now().toString());
    }
    return event.toString();
  }

  private static void postErp(String body, String correlationId) {
    given()
        .contentType(ErpBusinessEvents.CONTENT_TYPE)
        .headers(
            ErpBusinessEvents.sign(
                SandboxTestResource.stack().hubConfig().get("hub.erp.webhook-secret"),
                body,
                Clock.systemUTC()))
        .header("X-Correlation-ID", correlationId)
        .body(body)
        .post("/webhooks/erp/events")
        .then()
        .statusCode(org.hamcrest.Matchers.lessThan(300));
  }

  /** ERP webhook -> Kafka -> customer-erp-ingest -> customer-merge -> Salesforce and desk. */
  private void erpPartnerChange(RetailSeed.Customer customer, Map<String, String> correlationIds) {
    String correlationId = "pii-erp-" + UUID.randomUUID();
    correlationIds.put("customer-erp-ingest", correlationId);
    postErp(erpPartnerEvent(customer.erpBusinessPartner(), true), correlationId);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                email("erp")
                    .equals(
                        SandboxTestResource.stack()
                            .salesforce()
                            .record(customer.salesforceContactId())
                            .map(contact -> contact.get("Email"))
                            .orElse(null)));
  }

  /** An ERP partner change without its change time: dead-lettered by customer-erp-ingest. */
  private void erpPoisonPartnerChange(Map<String, String> correlationIds) {
    String correlationId = "pii-erp-poison-" + UUID.randomUUID();
    correlationIds.put("customer-erp-ingest (dead letter)", correlationId);
    String partner = "7" + digits(9);
    postErp(erpPartnerEvent(partner, false), correlationId);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> deadLetters("customer-erp-ingest", correlationId) == 1);
  }

  /** An agent edits the user; the desk sends its signed user webhooks to the hub. */
  private void serviceDeskUserEdit(RetailSeed.Customer customer) {
    given()
        .header("Authorization", ServiceDeskAgent.authorization())
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "user",
                Map.of(
                    "email", email("desk"), "phone", PHONE, "name", FIRST_NAME + " " + LAST_NAME)))
        .put(
            SandboxTestResource.stack().serviceDesk().baseUrl()
                + "/api/v2/users/"
                + customer.zendeskUserId()
                + ".json")
        .then()
        .statusCode(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                email("desk")
                    .equals(
                        SandboxTestResource.stack()
                            .salesforce()
                            .record(customer.salesforceContactId())
                            .map(contact -> contact.get("Email"))
                            .orElse(null)));
  }

  /** A signed user event without its time: the webhook dead-letters it and answers 202. */
  private void serviceDeskPoisonUserEvent(
      RetailSeed.Customer customer, Map<String, String> correlationIds) throws Exception {
    String correlationId = "pii-desk-poison-" + UUID.randomUUID();
    correlationIds.put("customer-servicedesk-ingest (dead letter)", correlationId);
    ObjectNode event = CanonicalJson.mapper().createObjectNode();
    event.put("id", UUID.randomUUID().toString());
    event.put("type", "zen:event-type:user.name_changed");
    event.put("subject", "zen:user:" + customer.zendeskUserId());
    ObjectNode detail = event.putObject("detail");
    detail.put("id", String.valueOf(customer.zendeskUserId()));
    detail.put("email", email("deskpoison"));
    detail.put("name", FIRST_NAME + " " + LAST_NAME);
    detail.put("phone", PHONE);
    detail.put("role", "end-user");
    ObjectNode change = event.putObject("event");
    change.put("current", FIRST_NAME + " " + LAST_NAME);
    String body = event.toString();
    given()
        .contentType(ContentType.JSON)
        .headers(
            ServiceDeskSimulator.sign(
                SandboxTestResource.stack().hubConfig().get("hub.servicedesk.webhook-secret"),
                body,
                Instant.now()))
        .header("X-Correlation-ID", correlationId)
        .body(body)
        .post("/webhooks/servicedesk/users")
        .then()
        .statusCode(202)
        .body("status", org.hamcrest.Matchers.equalTo("DEAD_LETTERED"));
    assertThat(deadLetters("customer-servicedesk-ingest", correlationId)).isEqualTo(1);
  }

  /** A ticket from the customer: ticket webhook -> Kafka -> case-enrichment. */
  private void serviceDeskTicket(RetailSeed.Customer customer) throws Exception {
    ServiceDeskSimulator desk = SandboxTestResource.stack().serviceDesk();
    long ticketId =
        ServiceDeskAgent.createTicket(
            customer.zendeskUserId(),
            "Parcel for " + FIRST_NAME + " " + LAST_NAME,
            "Please deliver to "
                + HOUSE
                + " "
                + STREET
                + ", call "
                + PHONE
                + " or mail "
                + email("ticket"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              List<String> eventIds =
                  desk.sentWebhooks().stream()
                      .filter(event -> ("zen:ticket:" + ticketId).equals(event.get("subject")))
                      .map(event -> (String) event.get("id"))
                      .toList();
              return !eventIds.isEmpty() && consumedByCaseEnrichment(eventIds) == eventIds.size();
            });
  }

  /** A Contact a Salesforce user creates: CDC -> customer-salesforce-ingest -> merge. */
  private String salesforceContactCreated() throws Exception {
    SalesforceSimulator salesforce = SandboxTestResource.stack().salesforce();
    String token =
        given()
            .contentType("application/x-www-form-urlencoded")
            .formParam("grant_type", "client_credentials")
            .formParam("client_id", SalesforceSimulator.DEFAULT_CLIENT_ID)
            .formParam("client_secret", SalesforceSimulator.DEFAULT_CLIENT_SECRET)
            .post(salesforce.baseUrl() + "/services/oauth2/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    given()
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "FirstName",
                FIRST_NAME,
                "LastName",
                LAST_NAME,
                "Email",
                email("salesforce"),
                "Phone",
                PHONE,
                "MailingStreet",
                HOUSE + " " + STREET,
                "MailingCity",
                "Utrecht"))
        .post(salesforce.baseUrl() + "/services/data/v62.0/sobjects/Contact")
        .then()
        .statusCode(201);
    List<String> goldenIds = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              var customers =
                  given()
                      .header("Authorization", BearerTokens.bearer("customers:read"))
                      .queryParam("email", email("salesforce"))
                      .get("/api/v1/customers")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              assertThat(customers.getList("customers")).hasSize(1);
              // merged and written on to the ERP and the desk
              assertThat(customers.getString("customers[0].platformIds.erp")).isNotBlank();
              assertThat(customers.getString("customers[0].platformIds.servicedesk")).isNotBlank();
              goldenIds.add(customers.getString("customers[0].goldenId"));
            });
    return goldenIds.get(goldenIds.size() - 1);
  }

  // ------------------------------------------------------------------ helpers

  private long deadLetters(String flow, String correlationId) throws Exception {
    return count(
        "SELECT count(*) FROM dead_letter WHERE flow = ? AND correlation_id = ?",
        flow,
        correlationId);
  }

  private long consumedByCaseEnrichment(List<String> eventIds) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'case-enrichment'"
                    + " AND messageId = ANY (?)")) {
      select.setArray(1, connection.createArrayOf("varchar", eventIds.toArray()));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private long count(String sql, Object... args) throws Exception {
    try (Connection connection = dataSource.getConnection();
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

  private static String readFrom(Path log, long offset) throws Exception {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      byte[] bytes = new byte[(int) Math.max(0, length - offset)];
      file.seek(Math.min(offset, length));
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
