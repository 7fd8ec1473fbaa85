package io.retailhub.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service desk webhook on the running hub: a correctly signed event is published once to {@code
 * retail.servicedesk.events.v1} keyed by ticket id; tampered, replayed (old timestamp) and unsigned
 * deliveries get 401 problem+json, are counted and publish nothing.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ServiceDeskWebhookSecurityTest {

  private static final String PATH = "/webhooks/servicedesk/tickets";
  private static final String TOPIC = "retail.servicedesk.events.v1";

  @Inject MeterRegistry meters;

  @ConfigProperty(name = "hub.servicedesk.webhook-secret")
  String secret;

  private KafkaConsumer<String, String> consumer;

  @BeforeEach
  void subscribe() {
    Properties props = new Properties();
    props.put("bootstrap.servers", SandboxTestResource.stack().kafka().bootstrapServers());
    props.put("group.id", "it-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of(TOPIC));
  }

  @AfterEach
  void close() {
    consumer.close();
  }

  private static String event(String eventId, String ticketId) {
    return "{\"type\":\"zen:event-type:ticket.status_changed\",\"account_id\":1,\"id\":\""
        + eventId
        + "\",\"time\":\"2025-03-01T10:00:00Z\",\"zendesk_event_version\":\"2022-11-06\","
        + "\"subject\":\"zen:ticket:"
        + ticketId
        + "\",\"detail\":{\"id\":\""
        + ticketId
        + "\",\"status\":\"OPEN\"},\"event\":{\"current\":\"OPEN\",\"previous\":\"NEW\"}}";
  }

  private RequestSpecification signed(String body, Instant at) {
    Map<String, String> headers = ServiceDeskSimulator.sign(secret, body, at);
    return given().contentType("application/json").headers(headers).body(body);
  }

  private double rejected(String reason) {
    Counter counter =
        meters
            .find("hub.webhook.rejected")
            .tags("source", "servicedesk", "reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  /** Records with this key that reach the topic within a few seconds of polling. */
  private List<ConsumerRecord<String, String>> recordsKeyed(String key, Duration window) {
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    long until = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < until) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
        if (key.equals(record.key())) {
          found.add(record);
        }
      }
    }
    return found;
  }

  @Test
  void aSignedEventIsPublishedOnceKeyedByTicketEvenWhenDeliveredTwice() {
    String ticketId = String.valueOf(900_000 + (System.nanoTime() % 99_999));
    String body = event(UUID.randomUUID().toString(), ticketId);
    signed(body, Instant.now())
        .post(PATH)
        .then()
        .statusCode(202)
        .body("status", equalTo("ACCEPTED"));
    // Zendesk's retry of the same event: accepted again, published once
    signed(body, Instant.now()).post(PATH).then().statusCode(202);

    ConsumerRecord<String, String> first =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  for (ConsumerRecord<String, String> record :
                      consumer.poll(Duration.ofMillis(200))) {
                    if (ticketId.equals(record.key())) {
                      return record;
                    }
                  }
                  return null;
                },
                record -> record != null);
    assertThat(first.value()).isEqualTo(body);
    assertThat(recordsKeyed(ticketId, Duration.ofSeconds(3))).isEmpty();
  }

  @Test
  void aTamperedEventIsRefusedCountedAndNotPublished() {
    String ticketId = "tampered-" + UUID.randomUUID();
    String original = event(UUID.randomUUID().toString(), "1");
    Instant now = Instant.now();
    Map<String, String> headers = ServiceDeskSimulator.sign(secret, original, now);
    double before = rejected("bad_signature");
    given()
        .contentType("application/json")
        .headers(headers)
        .body(original.replace("\"1\"", "\"" + ticketId + "\""))
        .post(PATH)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("status", equalTo(401));
    assertThat(rejected("bad_signature")).isEqualTo(before + 1);
    assertThat(recordsKeyed(ticketId, Duration.ofSeconds(3))).isEmpty();
  }

  @Test
  void aReplayedEventWithAnOldTimestampIsRefused() {
    String ticketId = "replayed-" + UUID.randomUUID();
    String body = event(UUID.randomUUID().toString(), ticketId);
    Instant tenMinutesAgo = Instant.now().minus(10, ChronoUnit.MINUTES);
    double before = rejected("stale_timestamp");
    signed(body, tenMinutesAgo).post(PATH).then().statusCode(401);
    assertThat(rejected("stale_timestamp")).isEqualTo(before + 1);
    assertThat(recordsKeyed(ticketId, Duration.ofSeconds(3))).isEmpty();
  }

  @Test
  void anUnsignedEventIsRefused() {
    String ticketId = "unsigned-" + UUID.randomUUID();
    double before = rejected("missing_signature");
    given()
        .contentType("application/json")
        .body(event(UUID.randomUUID().toString(), ticketId))
        .post(PATH)
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    assertThat(rejected("missing_signature")).isEqualTo(before + 1);
    assertThat(recordsKeyed(ticketId, Duration.ofSeconds(3))).isEmpty();
  }

  @Test
  void rejectionsAreExportedAsAPrometheusCounter() {
    given().contentType("application/json").body("{}").post(PATH).then().statusCode(401);
    String metrics =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .get(ManagementPort.url("/q/metrics"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(metrics)
        .containsPattern(
            "hub_webhook_rejected_total\\{[^}]*reason=\"missing_signature\"[^}]*source=\"servicedesk\"");
  }
}
