package io.retailhub.customers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SalesforceUser;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.support.SimulatorServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Salesforce Contact change events through the real CometD consumer (camel-salesforce against the
 * Salesforce simulator), Kafka, PostgreSQL and the ERP and service desk simulators. Contacts are
 * created as a Salesforce user would, through the REST API, never by the hub's own connection.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class SalesforceContactSyncTest {
  private static final String DATA = "/services/data/v62.0";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Inject DataSource dataSource;
  @Inject org.apache.camel.CamelContext camel;

  private static volatile String userToken;

  /**
   * The token of an ordinary Salesforce user session (the simulator's default connected app, not
   * the hub's); one per test JVM, so the write counters can leave this user's own writes out.
   */
  private static synchronized String userToken() throws Exception {
    if (userToken == null) {
      userToken = SalesforceUser.token(salesforce());
    }
    return userToken;
  }

  static SalesforceSimulator salesforce() {
    return SandboxTestResource.stack().salesforce();
  }

  /** A REST data call to the Salesforce simulator as a user; returns the parsed answer or null. */
  static JsonNode salesforceData(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(salesforce().baseUrl() + DATA + path))
                .header("Authorization", "Bearer " + userToken())
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isLessThan(300);
    return response.body().isBlank() ? null : SimulatorServer.JSON.readTree(response.body());
  }

  private static String newContact(String email, String lastName) throws Exception {
    return salesforceData(
            "POST",
            "/sobjects/Contact",
            CanonicalJson.mapper()
                .writeValueAsString(
                    Map.of(
                        "FirstName",
                        "Sia",
                        "LastName",
                        lastName,
                        "Email",
                        email,
                        "Phone",
                        "+31 20 555 0101")))
        .get("id")
        .asText();
  }

  /** The merged customer for an e-mail once all three platforms are linked. */
  private static JsonNode linkedCustomer(String email) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              String body =
                  given()
                      .header("Authorization", BearerTokens.bearer("customers:read"))
                      .queryParam("email", email)
                      .get("/api/v1/customers")
                      .then()
                      .statusCode(200)
                      .extract()
                      .asString();
              JsonNode customers = CanonicalJson.mapper().readTree(body).path("customers");
              assertThat(customers.size()).isEqualTo(1);
              JsonNode ids = customers.get(0).path("platformIds");
              assertThat(ids.path("salesforce").asText("")).isNotBlank();
              assertThat(ids.path("erp").asText("")).isNotBlank();
              assertThat(ids.path("servicedesk").asText("")).isNotBlank();
              found.set(customers.get(0));
            });
    return found.get();
  }

  private static JsonNode erpPartner(String partner) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        SandboxTestResource.stack().erp().baseUrl()
                            + "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner('"
                            + partner
                            + "')?$expand=to_BusinessPartnerAddress"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return SimulatorServer.JSON.readTree(response.body()).path("d");
  }

  private static long writes(List<SimulatorServer.JournalEntry> journal, Predicate<String> path) {
    String testUser;
    try {
      testUser = userToken();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return journal.stream()
        .filter(entry -> !entry.method().equals("GET"))
        .filter(entry -> !String.valueOf(entry.headers().get("authorization")).contains(testUser))
        .filter(entry -> path.test(entry.path()))
        .count();
  }

  /**
   * The hub's writes to customer records per platform: Contacts (not counting the test user's own),
   * business partners, service desk users.
   */
  private static List<Long> customerWrites() {
    return List.of(
        writes(salesforce().journal(), path -> path.contains("/sobjects/Contact")),
        writes(
            SandboxTestResource.stack().erp().journal(),
            path -> path.contains("API_BUSINESS_PARTNER")),
        writes(
            SandboxTestResource.stack().serviceDesk().journal(), path -> path.contains("/users")));
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
  void aNewSalesforceContactReachesTheErpAndTheServiceDeskUnderOneGoldenId() throws Exception {
    String email = "sia." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String lastName = "Vermeer-" + UUID.randomUUID().toString().substring(0, 6);

    String contactId = newContact(email, lastName);

    JsonNode customer = linkedCustomer(email);
    String goldenId = customer.path("goldenId").asText();
    given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .get("/api/v1/customers/{goldenId}", goldenId)
        .then()
        .statusCode(200)
        .body("platformIds.salesforce", org.hamcrest.Matchers.equalTo(contactId))
        .body("attributes.lastName", org.hamcrest.Matchers.equalTo(lastName))
        .body("attributeVersions.lastName.source", org.hamcrest.Matchers.equalTo("salesforce"));

    JsonNode partner = erpPartner(customer.path("platformIds").path("erp").asText());
    assertThat(partner.path("LastName").asText()).isEqualTo(lastName);
    assertThat(partner.path("FirstName").asText()).isEqualTo("Sia");
    JsonNode address = partner.path("to_BusinessPartnerAddress").path("results").path(0);
    assertThat(
            address.path("to_EmailAddress").path("results").path(0).path("EmailAddress").asText())
        .isEqualTo(email);

    Map<String, Object> user =
        SandboxTestResource.stack().serviceDesk().userByEmail(email).orElseThrow();
    assertThat(String.valueOf(user.get("id")))
        .isEqualTo(customer.path("platformIds").path("servicedesk").asText());
    assertThat(user.get("external_id")).isEqualTo(goldenId);
    assertThat(String.valueOf(user.get("name"))).isEqualTo("Sia " + lastName);

    // the calls the change caused carry one correlation ID, and each write is audited
    assertThat(
            SandboxTestResource.stack().erp().journal().stream()
                .filter(entry -> entry.method().equals("POST"))
                .filter(entry -> entry.path().endsWith("/A_BusinessPartner"))
                .filter(entry -> entry.body() != null && entry.body().contains(lastName)))
        .singleElement()
        .satisfies(
            entry ->
                assertThat(entry.headers().keySet())
                    .anyMatch(name -> name.equalsIgnoreCase("X-Correlation-ID")));
    assertThat(
            count(
                "SELECT count(*) FROM audit_record WHERE actor = 'hub:customer-merge'"
                    + " AND entity_key IN (?, ?)",
                customer.path("platformIds").path("erp").asText(),
                goldenId))
        .isGreaterThanOrEqualTo(1);
    // the stored replay position follows the processed events
    assertThat(
            count(
                "SELECT count(*) FROM salesforce_replay_position"
                    + " WHERE channel = '/data/ContactChangeEvent' AND replay_id > 0"))
        .isEqualTo(1);
  }

  /**
   * The ERP creates the partner but its answer is lost (a 504 from a proxy that timed out): the
   * hub's retry must find that partner by golden ID and link it, not create a second one.
   */
  @Test
  void aPartnerCreateWhoseAnswerWasLostIsFoundAgainNotCreatedTwice() throws Exception {
    String email = "lost." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String lastName = "Lostanswer-" + UUID.randomUUID().toString().substring(0, 6);
    var erp = SandboxTestResource.stack().erp();
    erp.faults().lostCreateAnswers(1);
    try {
      newContact(email, lastName);

      JsonNode customer = linkedCustomer(email);
      String goldenId = customer.path("goldenId").asText();
      List<SimulatorServer.JournalEntry> creates =
          erp.journal().stream()
              .filter(entry -> entry.method().equals("POST"))
              .filter(entry -> entry.path().endsWith("/A_BusinessPartner"))
              .filter(entry -> entry.body() != null && entry.body().contains(lastName))
              .toList();
      assertThat(creates).extracting(SimulatorServer.JournalEntry::status).containsExactly(504);
      assertThat(
              erp.journal().stream()
                  .filter(entry -> entry.method().equals("GET"))
                  .filter(entry -> String.valueOf(entry.query()).contains(goldenId)))
          .as("lookups by golden ID: before the create, and again on its retry")
          .hasSize(2);
      JsonNode partner = erpPartner(customer.path("platformIds").path("erp").asText());
      assertThat(partner.path("LastName").asText()).isEqualTo(lastName);
      assertThat(partner.path("BusinessPartnerIDByExtSystem").asText()).isEqualTo(goldenId);
    } finally {
      erp.faults().lostCreateAnswers(0);
    }
  }

  @Test
  void writesSettleAndStayFlatAfterOneContactChange() throws Exception {
    String email = "noecho." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    List<Long> before = customerWrites();

    String contactId =
        newContact(email, "Pingpong-" + UUID.randomUUID().toString().substring(0, 6));
    linkedCustomer(email);
    List<Long> afterCreate = settled();

    // one new customer: one business partner created, one service desk user; the hub writes
    // nothing back to the Contact it came from
    assertThat(afterCreate.get(1) - before.get(1)).isEqualTo(1);
    assertThat(afterCreate.get(2) - before.get(2)).isEqualTo(1);
    assertThat(afterCreate.get(0) - before.get(0)).isZero();

    // a phone change made in Salesforce (shared attribute) reaches the ERP and the desk once;
    // their echoes (the ERP's BusinessPartner.Changed event) must not come back to Salesforce
    salesforceData("PATCH", "/sobjects/Contact/" + contactId, "{\"Phone\":\"+31 20 555 0199\"}");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> customerWrites().get(1) > afterCreate.get(1));
    List<Long> afterUpdate = settled();
    assertThat(afterUpdate.get(0) - afterCreate.get(0)).isZero();
    assertThat(afterUpdate.get(1) - afterCreate.get(1)).isEqualTo(1);
    assertThat(afterUpdate.get(2) - afterCreate.get(2)).isEqualTo(1);

    await()
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(12))
        .until(() -> customerWrites().equals(afterUpdate));
  }

  @Test
  void anAccountPhoneChangeReachesTheErpThroughTheAccountsContact() throws Exception {
    String email = "account." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String accountId =
        salesforceData("POST", "/sobjects/Account", "{\"Name\":\"Noor Account\"}")
            .get("id")
            .asText();
    salesforceData(
        "POST",
        "/sobjects/Contact",
        CanonicalJson.mapper()
            .writeValueAsString(
                Map.of(
                    "FirstName",
                    "Noor",
                    "LastName",
                    "Account-" + UUID.randomUUID().toString().substring(0, 6),
                    "Email",
                    email,
                    "AccountId",
                    accountId)));
    String partner = linkedCustomer(email).path("platformIds").path("erp").asText();

    salesforceData("PATCH", "/sobjects/Account/" + accountId, "{\"Phone\":\"+31 10 555 0177\"}");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        erpPartner(partner)
                            .path("to_BusinessPartnerAddress")
                            .path("results")
                            .path(0)
                            .path("to_PhoneNumber")
                            .path("results")
                            .path(0)
                            .path("PhoneNumber")
                            .asText())
                    .isEqualTo("+31 10 555 0177"));
  }

  @Test
  void aStoppedSubscriptionResumesAfterTheLastProcessedReplayIdWithoutLoss() throws Exception {
    String email = "resume." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    camel.getRouteController().stopRoute("customer-salesforce-ingest");
    try {
      // published while the hub does not listen
      newContact(email, "Resume-" + UUID.randomUUID().toString().substring(0, 6));
    } finally {
      camel.getRouteController().startRoute("customer-salesforce-ingest");
    }

    linkedCustomer(email);
    long newestContactEvent =
        salesforce().changeEvents().stream()
            .filter(event -> event.channel().equals("/data/ContactChangeEvent"))
            .mapToLong(event -> event.replayId())
            .max()
            .orElseThrow();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        count(
                            "SELECT replay_id FROM salesforce_replay_position"
                                + " WHERE channel = '/data/ContactChangeEvent'"))
                    .isEqualTo(newestContactEvent));
  }

  /** Waits until the write counters stop moving for a few seconds, and returns them. */
  private static List<Long> settled() {
    AtomicReference<List<Long>> last = new AtomicReference<>(customerWrites());
    await()
        .pollInterval(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              List<Long> now = customerWrites();
              return now.equals(last.getAndSet(now));
            });
    return last.get();
  }
}
