package io.retailhub.sandbox.servicedesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.testing.RecordingWebhookReceiver;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceDeskSimulatorTest {

  private static final String SECRET = "zendesk-signing-secret";
  private static final RetailSeed SEED = RetailSeed.standard();

  private RecordingWebhookReceiver hub;
  private ServiceDeskSimulator desk;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    hub = new RecordingWebhookReceiver();
    desk = new ServiceDeskSimulator(0, SEED, hub::url, SECRET).start();
  }

  @AfterEach
  void stop() {
    desk.close();
    hub.close();
  }

  @Test
  void seededUsersAndTicketsLookLikeZendesk() throws Exception {
    RetailSeed.Customer withGoldenId = SEED.customers().get(0);
    RetailSeed.Customer withoutGoldenId = SEED.customers().get(1);
    JsonNode user =
        json(call("GET", "/api/v2/users/" + withGoldenId.zendeskUserId() + ".json", null))
            .get("user");
    assertThat(user.get("email").asText()).isEqualTo(withGoldenId.email());
    assertThat(user.get("external_id").asText()).isEqualTo(withGoldenId.goldenId());
    assertThat(
            json(call("GET", "/api/v2/users/" + withoutGoldenId.zendeskUserId() + ".json", null))
                .at("/user/external_id")
                .isNull())
        .isTrue();

    RetailSeed.HistoricalTicket seeded = SEED.tickets().get(0);
    JsonNode ticket =
        json(call("GET", "/api/v2/tickets/" + seeded.ticketId() + ".json", null)).get("ticket");
    assertThat(ticket.get("subject").asText()).isEqualTo(seeded.subject());
    assertThat(customField(ticket, ServiceDeskSimulator.ORDER_NUMBER_FIELD))
        .isEqualTo(seeded.erpSalesOrder());

    JsonNode firstPage = json(call("GET", "/api/v2/users.json?per_page=40", null));
    assertThat(firstPage.get("users")).hasSize(40);
    assertThat(firstPage.get("count").asInt()).isEqualTo(SEED.customers().size() + 1);
    JsonNode lastPage =
        json(
            call(
                "GET",
                URI.create(firstPage.get("next_page").asText()).getRawPath()
                    + "?page=3&per_page=40",
                null));
    assertThat(lastPage.get("users")).hasSize(21);
    assertThat(lastPage.get("next_page").isNull()).isTrue();
  }

  @Test
  void ticketLifecycleWithCommentsCustomFieldsAndSignedWebhooks() throws Exception {
    long requester = SEED.customers().get(2).zendeskUserId();
    String create =
        """
        {"ticket":{"subject":"Parcel missing","comment":{"body":"My parcel did not arrive","public":true},
         "requester_id":%d,"external_id":"HUB-CASE-1","tags":["wismo"],
         "custom_fields":[{"id":360001,"value":"2000001"},{"id":360004,"value":"CUST-000003"}]}}
        """
            .formatted(requester);
    HttpResponse<String> created = call("POST", "/api/v2/tickets.json", create);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode ticket = json(created).get("ticket");
    long id = ticket.get("id").asLong();
    assertThat(ticket.get("status").asText()).isEqualTo("new");
    assertThat(customField(ticket, ServiceDeskSimulator.ORDER_NUMBER_FIELD)).isEqualTo("2000001");

    String update =
        """
        {"ticket":{"status":"pending","comment":{"body":"Checked with the carrier","public":false},
         "custom_fields":[{"id":360003,"value":"00340434000080000101"}]}}
        """;
    assertThat(call("PUT", "/api/v2/tickets/" + id + ".json", update).statusCode()).isEqualTo(200);

    JsonNode comments =
        json(call("GET", "/api/v2/tickets/" + id + "/comments.json", null)).get("comments");
    assertThat(comments).hasSize(2);
    assertThat(comments.get(0).get("public").asBoolean()).isTrue();
    assertThat(comments.get(1).get("public").asBoolean()).isFalse();
    assertThat(comments.get(1).get("body").asText()).isEqualTo("Checked with the carrier");
    assertThat(
            json(call("GET", "/api/v2/tickets.json?external_id=HUB-CASE-1", null))
                .at("/tickets/0/id")
                .asLong())
        .isEqualTo(id);

    await().atMost(Duration.ofSeconds(5)).until(() -> hub.accepted().size() == 4);
    for (RecordingWebhookReceiver.Delivery delivery : hub.accepted()) {
      String timestamp = delivery.header(ServiceDeskSimulator.SIGNATURE_TIMESTAMP_HEADER);
      assertThat(Instant.parse(timestamp)).isNotNull();
      assertThat(delivery.header(ServiceDeskSimulator.SIGNATURE_HEADER))
          .isEqualTo(ServiceDeskSimulator.signature(SECRET, timestamp, delivery.body()));
    }
    List<String> types =
        hub.accepted().stream().map(d -> parse(d.body()).get("type").asText()).toList();
    assertThat(types)
        .containsExactlyInAnyOrder(
            "zen:event-type:ticket.created",
            "zen:event-type:ticket.comment_added",
            "zen:event-type:ticket.status_changed",
            "zen:event-type:ticket.custom_field_changed");
    JsonNode statusChanged =
        hub.accepted().stream()
            .map(d -> parse(d.body()))
            .filter(e -> e.get("type").asText().endsWith("status_changed"))
            .findFirst()
            .orElseThrow();
    assertThat(statusChanged.at("/event/previous").asText()).isEqualTo("NEW");
    assertThat(statusChanged.at("/event/current").asText()).isEqualTo("PENDING");
    assertThat(statusChanged.at("/detail/id").asText()).isEqualTo(String.valueOf(id));
    assertThat(statusChanged.get("subject").asText()).isEqualTo("zen:ticket:" + id);
  }

  @Test
  void usersAreSearchedAndCreatedOrUpdatedByEmailAndExternalId() throws Exception {
    RetailSeed.Customer customer = SEED.customers().get(5);
    JsonNode found =
        json(
            call(
                "GET",
                "/api/v2/users/search.json?query=" + encode("email:" + customer.email()),
                null));
    assertThat(found.get("users")).hasSize(1);
    assertThat(found.at("/users/0/id").asLong()).isEqualTo(customer.zendeskUserId());

    String upsert =
        "{\"user\":{\"email\":\"%s\",\"name\":\"x\",\"external_id\":\"%s\"}}"
            .formatted(customer.email(), customer.goldenId());
    HttpResponse<String> updated = call("POST", "/api/v2/users/create_or_update.json", upsert);
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(json(updated).at("/user/id").asLong()).isEqualTo(customer.zendeskUserId());
    HttpResponse<String> created =
        call(
            "POST",
            "/api/v2/users/create_or_update.json",
            "{\"user\":{\"email\":\"new.person@example.com\",\"name\":\"New Person\"}}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(
            call(
                    "POST",
                    "/api/v2/users.json",
                    "{\"user\":{\"email\":\"new.person@example.com\",\"name\":\"Dup\"}}")
                .statusCode())
        .isEqualTo(422);

    JsonNode search =
        json(
            call(
                "GET",
                "/api/v2/search.json?query="
                    + encode("type:user external_id:" + customer.goldenId()),
                null));
    assertThat(search.get("results")).hasSize(1);
    assertThat(search.at("/results/0/result_type").asText()).isEqualTo("user");
    JsonNode tickets =
        json(
            call(
                "GET",
                "/api/v2/search.json?query=" + encode("type:ticket \"where is my order\""),
                null));
    assertThat(tickets.get("count").asInt()).isEqualTo(SEED.tickets().size());
    JsonNode byOrder =
        json(
            call(
                "GET",
                "/api/v2/search.json?query="
                    + encode(
                        "type:ticket custom_field_360001:" + SEED.tickets().get(1).erpSalesOrder()),
                null));
    assertThat(byOrder.at("/results/0/id").asLong()).isEqualTo(SEED.tickets().get(1).ticketId());

    assertThat(
            call(
                    "POST",
                    "/api/v2/organizations.json",
                    "{\"organization\":{\"name\":\"Acme Outdoor\",\"external_id\":\"ORG-1\"}}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            json(call(
                    "GET",
                    "/api/v2/search.json?query=" + encode("type:organization external_id:ORG-1"),
                    null))
                .get("count")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void wrongCredentialsAreRefusedWith401() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(desk.baseUrl() + "/api/v2/tickets.json"))
            .header("Authorization", basic("agent@retailhub.example/token:wrong"))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
    HttpRequest anonymous =
        HttpRequest.newBuilder(URI.create(desk.baseUrl() + "/api/v2/tickets.json")).build();
    assertThat(http.send(anonymous, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void rateLimitAnswers429WithRetryAfter() throws Exception {
    desk.requestsPerMinute(3);
    for (int i = 0; i < 3; i++) {
      assertThat(call("GET", "/api/v2/tickets.json", null).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = call("GET", "/api/v2/tickets.json", null);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 60L);
  }

  @Test
  void webhookIsRetriedUntilTheHubAnswers2xx() throws Exception {
    hub.answerWith(500);
    call(
        "POST",
        "/api/v2/tickets.json",
        "{\"ticket\":{\"subject\":\"Retry me\",\"comment\":{\"body\":\"hello\"}}}");
    await().atMost(Duration.ofSeconds(5)).until(() -> hub.deliveries().size() >= 2);
    assertThat(hub.accepted()).isEmpty();
    hub.answerWith(200);
    await().atMost(Duration.ofSeconds(15)).until(() -> hub.accepted().size() == 1);
    assertThat(parse(hub.accepted().get(0).body()).at("/detail/subject").asText())
        .isEqualTo("Retry me");
  }

  @Test
  void faultSwitchesApplyToTheApi() throws Exception {
    put("/__admin/faults", "{\"outage\":true}");
    assertThat(call("GET", "/api/v2/tickets.json", null).statusCode()).isEqualTo(503);
    put("/__admin/faults", "{\"outage\":false,\"forcedStatus\":429}");
    assertThat(call("GET", "/api/v2/tickets.json", null).headers().firstValue("Retry-After"))
        .isPresent();
    put("/__admin/faults", "{\"forcedStatus\":0,\"dropWebhooks\":true}");
    call(
        "POST",
        "/api/v2/tickets.json",
        "{\"ticket\":{\"subject\":\"Dropped\",\"comment\":{\"body\":\"x\"}}}");
    assertThat(desk.webhookStats().get("dropped")).isEqualTo(1);
    put("/__admin/faults", "{\"dropWebhooks\":false}");
    assertThat(call("GET", "/api/v2/tickets.json", null).statusCode()).isEqualTo(200);
    JsonNode state = json(call("GET", "/__admin/state", null));
    assertThat(state.get("ticketCount").asInt()).isEqualTo(SEED.tickets().size() + 1);
  }

  // ---------------------------------------------------------------- helpers

  private static String customField(JsonNode ticket, long fieldId) {
    for (JsonNode field : ticket.get("custom_fields")) {
      if (field.get("id").asLong() == fieldId) {
        return field.get("value").asText();
      }
    }
    throw new AssertionError("no custom field " + fieldId);
  }

  private void put(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(desk.baseUrl() + path))
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(desk.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header(
                "Authorization",
                basic(ServiceDeskSimulator.AGENT_EMAIL + "/token:" + desk.apiToken()))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    return parse(response.body());
  }

  private static JsonNode parse(String body) {
    try {
      return SimulatorServer.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
