package io.retailhub.sandbox.servicedesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.testing.RecordingWebhookReceiver;
import io.retailhub.sandbox.testing.RecordingWebhookReceiver.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's Zendesk user events: sent, signed like ticket events, to their own receiver, and
 * only when a user webhook URL was configured (the four-argument constructor sends none).
 */
class ServiceDeskUserEventsTest {

  private static final String SECRET = "zendesk-signing-secret";
  private static final RetailSeed SEED = RetailSeed.standard();

  private RecordingWebhookReceiver tickets;
  private RecordingWebhookReceiver users;
  private ServiceDeskSimulator desk;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    tickets = new RecordingWebhookReceiver();
    users = new RecordingWebhookReceiver();
    desk = new ServiceDeskSimulator(0, SEED, tickets::url, users::url, SECRET).start();
  }

  @AfterEach
  void stop() {
    desk.close();
    tickets.close();
    users.close();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    String token =
        Base64.getEncoder()
            .encodeToString(
                (ServiceDeskSimulator.AGENT_EMAIL + "/token:" + desk.apiToken())
                    .getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create(desk.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Basic " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode parse(String body) throws Exception {
    return SimulatorServer.JSON.readTree(body);
  }

  @Test
  void anEmailAndNameEditAreSignedIdentityAndNameEventsOnTheUserWebhook() throws Exception {
    RetailSeed.Customer customer = SEED.customers().get(10);
    HttpResponse<String> response =
        call(
            "PUT",
            "/api/v2/users/" + customer.zendeskUserId() + ".json",
            "{\"user\":{\"email\":\"edited@example.com\",\"name\":\"Edited Name\"}}");
    assertThat(response.statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).until(() -> users.accepted().size() == 2);
    List<Delivery> deliveries = users.accepted();
    for (Delivery delivery : deliveries) {
      String timestamp = delivery.header(ServiceDeskSimulator.SIGNATURE_TIMESTAMP_HEADER);
      assertThat(delivery.header(ServiceDeskSimulator.SIGNATURE_HEADER))
          .isEqualTo(ServiceDeskSimulator.signature(SECRET, timestamp, delivery.body()));
      JsonNode event = parse(delivery.body());
      assertThat(event.get("subject").asText()).isEqualTo("zen:user:" + customer.zendeskUserId());
      assertThat(event.at("/detail/id").asText())
          .isEqualTo(String.valueOf(customer.zendeskUserId()));
      assertThat(event.at("/detail/email").asText()).isEqualTo("edited@example.com");
    }
    assertThat(deliveries)
        .extracting(delivery -> parse(delivery.body()).get("type").asText())
        .containsExactlyInAnyOrder(
            "zen:event-type:user.name_changed", "zen:event-type:user.identity_changed");
    JsonNode identity =
        deliveries.stream()
            .map(delivery -> parseUnchecked(delivery.body()))
            .filter(event -> event.get("type").asText().endsWith("identity_changed"))
            .findFirst()
            .orElseThrow();
    assertThat(identity.at("/event/current/type").asText()).isEqualTo("email");
    assertThat(identity.at("/event/current/value").asText()).isEqualTo("edited@example.com");
    assertThat(identity.at("/event/previous/value").asText()).isEqualTo(customer.email());
    // user events never reach the ticket webhook
    assertThat(tickets.deliveries()).isEmpty();
  }

  @Test
  void aCreatedUserIsOneCreatedEvent() throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/api/v2/users.json",
            "{\"user\":{\"name\":\"New Customer\",\"email\":\"new.customer@example.com\"}}");
    assertThat(response.statusCode()).isEqualTo(201);

    await().atMost(Duration.ofSeconds(10)).until(() -> users.accepted().size() == 1);
    JsonNode event = parse(users.accepted().get(0).body());
    assertThat(event.get("type").asText()).isEqualTo("zen:event-type:user.created");
    assertThat(event.at("/detail/email").asText()).isEqualTo("new.customer@example.com");
    assertThat(event.at("/detail/role").asText()).isEqualTo("end-user");
  }

  @Test
  void withoutAUserWebhookUrlNoUserEventIsSent() throws Exception {
    RecordingWebhookReceiver ticketsOnly = new RecordingWebhookReceiver();
    try (ServiceDeskSimulator legacy =
        new ServiceDeskSimulator(0, SEED, ticketsOnly::url, SECRET).start()) {
      String token =
          Base64.getEncoder()
              .encodeToString(
                  (ServiceDeskSimulator.AGENT_EMAIL + "/token:" + legacy.apiToken())
                      .getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          legacy.baseUrl()
                              + "/api/v2/users/"
                              + SEED.customers().get(11).zendeskUserId()
                              + ".json"))
                  .header("Authorization", "Basic " + token)
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"user\":{\"phone\":\"+49 1\"}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(legacy.sentWebhooks()).isEmpty();
      assertThat(ticketsOnly.deliveries()).isEmpty();
    } finally {
      ticketsOnly.close();
    }
  }

  private static JsonNode parseUnchecked(String body) {
    try {
      return parse(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
