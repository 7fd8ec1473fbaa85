package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbound throttle of the service desk (routes/connectors/servicedesk-outbound.camel.yaml) and
 * the Zendesk 429 contract, measured where it matters: in the service-desk simulator's request
 * journal ({@code /__admin/requests}). The traffic is real flow traffic: canonical customer changes
 * on {@code retail.customer.v1}, each of which the customer-merge flow pushes to the desk as one
 * {@code users/create_or_update.json}.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class OutboundThrottleTest {
  private static final String CUSTOMER_TOPIC = "retail.customer.v1";
  private static final String USER_PUSH_PATH = "/api/v2/users/create_or_update.json";
  private static final ObjectMapper JSON = CanonicalJson.mapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Ten times the test profile's service-desk rate: several seconds of throttled traffic. */
  private static final int BURST = 30;

  /** Journal timestamps are taken in another process-like server: allow one request of jitter. */
  private static final int WINDOW_TOLERANCE = 1;

  /** The long-run rate may exceed the configured one by this share. */
  private static final double RATE_TOLERANCE = 0.10;

  private static KafkaProducer<String, String> producer;

  @ConfigProperty(name = "hub.throttle.servicedesk.requests-per-second")
  int serviceDeskRate;

  @Inject AgroalDataSource dataSource;

  private final ServiceDeskSimulator serviceDesk = SandboxTestResource.stack().serviceDesk();

  @BeforeAll
  static void connect() {
    Properties props = new Properties();
    props.put("bootstrap.servers", SandboxTestResource.stack().kafka().bootstrapServers());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("linger.ms", "0");
    producer = new KafkaProducer<>(props);
  }

  @AfterAll
  static void disconnect() {
    producer.close();
  }

  @Test
  void aBurstReachesTheServiceDeskNoFasterThanItsThrottle() throws Exception {
    String run = "GC-THROTTLE-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < BURST; i++) {
      publishNameChange(run + "-" + i, "Burst " + i);
    }
    producer.flush();

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> pushesOf(run).size() >= BURST);
    List<JournalEntry> pushes = pushesOf(run);
    assertThat(pushes).hasSize(BURST).allMatch(JournalEntry::succeeded);

    List<Instant> times = pushes.stream().map(JournalEntry::at).sorted().toList();
    int busiestSecond = busiestWindow(times, Duration.ofSeconds(1));
    double spanSeconds =
        Duration.between(times.get(0), times.get(times.size() - 1)).toMillis() / 1000.0;
    // the first second's permits go out at once; the rest is paced at the configured rate
    double pacedRate = (BURST - serviceDeskRate) / spanSeconds;
    System.out.printf(
        "outbound-throttle-test: %d service-desk pushes, configured %d/s, busiest 1 s window %d,"
            + " span %.2f s, paced rate %.2f/s%n",
        BURST, serviceDeskRate, busiestSecond, spanSeconds, pacedRate);
    assertThat(busiestSecond)
        .as("requests the desk received in any one second")
        .isLessThanOrEqualTo(serviceDeskRate + WINDOW_TOLERANCE);
    assertThat(pacedRate)
        .as("requests per second after the first second's burst")
        .isLessThanOrEqualTo(serviceDeskRate * (1 + RATE_TOLERANCE));
  }

  @Test
  void a429IsRetriedAfterItsRetryAfterAndTheUpdateIsNotLost() throws Exception {
    String goldenId = "GC-RETRY-AFTER-" + UUID.randomUUID().toString().substring(0, 8);
    String name = "Retry After " + UUID.randomUUID().toString().substring(0, 8);
    long deadLettersBefore = deadLetters();

    // the desk refuses every request with 429 and Retry-After: 1 until the hub has met it
    serviceDesk.faults().forcedStatus(429);
    try {
      publishNameChange(goldenId, name);
      producer.flush();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> pushesOf(goldenId).stream().anyMatch(entry -> entry.status() == 429));
    } finally {
      serviceDesk.faults().forcedStatus(0);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> pushesOf(goldenId).stream().anyMatch(JournalEntry::succeeded));
    List<JournalEntry> attempts = pushesOf(goldenId);
    System.out.printf(
        "outbound-throttle-test: 429 then retry: attempts %s%n",
        attempts.stream().map(entry -> entry.status() + "@" + entry.at()).toList());
    assertThat(attempts.get(0).status()).isEqualTo(429);
    assertThat(attempts.get(attempts.size() - 1).succeeded()).isTrue();
    assertThat(attempts.stream().filter(JournalEntry::succeeded)).hasSize(1);
    for (int i = 1; i < attempts.size(); i++) {
      // Retry-After: 1 s; the test profile's own backoff would come back after 50-500 ms
      assertThat(Duration.between(attempts.get(i - 1).at(), attempts.get(i).at()))
          .as("wait before attempt %d", i + 1)
          .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }
    assertThat(userNameByExternalId(goldenId)).isEqualTo(name);
    assertThat(deadLetters()).as("new dead letters").isEqualTo(deadLettersBefore);
  }

  /** A Salesforce edit of the customer's last name: customer-merge pushes it to the desk only. */
  private static void publishNameChange(String goldenId, String lastName) throws Exception {
    Map<String, Object> change =
        Map.of(
            "goldenId",
            goldenId,
            "source",
            "salesforce",
            "sourceRecordId",
            "003" + goldenId,
            "sourceTimestamp",
            Instant.now().toString(),
            "attributes",
            Map.of("lastName", lastName));
    producer.send(new ProducerRecord<>(CUSTOMER_TOPIC, goldenId, JSON.writeValueAsString(change)));
  }

  private record JournalEntry(Instant at, int status, String body) {
    /** create_or_update answers 201 for a new user and 200 for an updated one. */
    boolean succeeded() {
      return status == 200 || status == 201;
    }
  }

  /** The desk's journal of user pushes whose body names this golden ID (or run prefix). */
  private List<JournalEntry> pushesOf(String externalIdPart) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        serviceDesk.baseUrl()
                            + "/__admin/requests?method=POST&pathPrefix="
                            + URLEncoder.encode(USER_PUSH_PATH, StandardCharsets.UTF_8)))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<JournalEntry> entries = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(response.body())) {
      String body = entry.path("body").asText("");
      if (body.contains(externalIdPart)) {
        entries.add(
            new JournalEntry(
                Instant.parse(entry.path("at").asText()), entry.path("status").asInt(), body));
      }
    }
    entries.sort(java.util.Comparator.comparing(JournalEntry::at));
    return entries;
  }

  /** The most requests that fall into any window of this length starting at a request. */
  static int busiestWindow(List<Instant> sortedTimes, Duration window) {
    int busiest = 0;
    int end = 0;
    for (int start = 0; start < sortedTimes.size(); start++) {
      Instant limit = sortedTimes.get(start).plus(window);
      while (end < sortedTimes.size() && sortedTimes.get(end).isBefore(limit)) {
        end++;
      }
      busiest = Math.max(busiest, end - start);
    }
    return busiest;
  }

  private String userNameByExternalId(String externalId) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                ("test@retail.example/token:" + serviceDesk.apiToken())
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        serviceDesk.baseUrl()
                            + "/api/v2/users/search.json?external_id="
                            + URLEncoder.encode(externalId, StandardCharsets.UTF_8)))
                .header("Authorization", "Basic " + basic)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode users = JSON.readTree(response.body()).path("users");
    assertThat(users).hasSize(1);
    return users.get(0).path("name").asText();
  }

  private long deadLetters() throws java.sql.SQLException {
    try (java.sql.Connection connection = dataSource.getConnection();
        java.sql.ResultSet row =
            connection.createStatement().executeQuery("SELECT count(*) FROM dead_letter")) {
      row.next();
      return row.getLong(1);
    }
  }
}
