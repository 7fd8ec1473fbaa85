package io.retailhub.customers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
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
  /** Seed customers 70..79 belong to this class. */
  private static final AtomicInteger NEXT_CUSTOMER = new AtomicInteger(70);

  @Inject DataSource dataSource;

  private final ServiceDeskSimulator desk = SandboxTestResource.stack().serviceDesk();

  /** A seed customer linked in all three systems, as matching leaves it. */
  private RetailSeed.Customer linkedCustomer() throws Exception {
    RetailSeed.Customer customer =
        RetailSeed.standard().customers().get(NEXT_CUSTOMER.getAndIncrement());
    try (Connection connection = dataSource.getConnection()) {
      execute(
          connection,
          "INSERT INTO customer_golden (golden_id, normalized_email) VALUES (?, ?)",
          customer.goldenId(),
          customer.email().toLowerCase());
      for (Map.Entry<String, String> id :
          Map.of(
                  "erp", customer.erpBusinessPartner(),
                  "salesforce", customer.salesforceContactId(),
                  "servicedesk", String.valueOf(customer.zendeskUserId()))
              .entrySet()) {
        execute(
            connection,
            "INSERT INTO customer_xref (golden_id, platform, platform_id, linked_by)"
                + " VALUES (?, ?, ?, 'test')",
            customer.goldenId(),
            id.getKey(),
            id.getValue());
      }
    }
    return customer;
  }

  private static void execute(Connection connection, String sql, Object... args) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      statement.executeUpdate();
    }
  }

  /** What an agent does in the service desk: edit the user through the API. */
  private void editUserInTheDesk(long userId, Map<String, Object> user) {
    String token =
        Base64.getEncoder()
            .encodeToString(
                ("agent@retailhub.example/token:" + desk.apiToken())
                    .getBytes(StandardCharsets.UTF_8));
    given()
        .header("Authorization", "Basic " + token)
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
