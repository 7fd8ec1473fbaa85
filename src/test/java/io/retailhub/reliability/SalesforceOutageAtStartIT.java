package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.retailhub.it.SalesforceUser;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.stack.SandboxStack;
import io.retailhub.sandbox.support.SimulatorServer.JournalEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Salesforce down while the hub starts: the packaged hub starts all the same and reports ready,
 * because only its Change Data Capture routes need a Salesforce login and they fail alone. Once
 * Salesforce is back, the supervising route controller starts them again, and a Contact created
 * then reaches the ERP as a business partner.
 *
 * <p>Runs in failsafe's integration-test phase because it needs {@code
 * target/quarkus-app/quarkus-run.jar}: {@code ./mvnw verify -Dit.test=SalesforceOutageAtStartIT}.
 */
class SalesforceOutageAtStartIT {
  private static final String TOKEN_PATH = "/services/oauth2/token";
  private static final String DATA = "/services/data/v62.0";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void theHubStartsWithSalesforceDownAndSubscribesOnceItIsBack() throws Exception {
    try (CrashTestHarness harness = CrashTestHarness.start("salesforce-outage")) {
      SandboxStack stack = harness.stack();
      SalesforceSimulator salesforce = stack.salesforce();
      salesforce.faults().outage(true);
      try {
        harness.startHub();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> tokenRequests(salesforce, status -> status == 503) >= 2);
      } finally {
        salesforce.faults().clear();
      }
      assertThat(tokenRequests(salesforce, status -> status == 200))
          .as("no login succeeded during the outage")
          .isZero();

      // without a stored replay position the subscription starts with new events: create the
      // Contact once the hub has subscribed again
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> subscribedTo(salesforce, "/data/ContactChangeEvent"));
      String lastName = "Outage-" + UUID.randomUUID().toString().substring(0, 8);
      newContact(salesforce, lastName);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  stack.erp().journal().stream()
                      .anyMatch(
                          entry ->
                              entry.method().equals("POST")
                                  && entry.path().endsWith("/A_BusinessPartner")
                                  && entry.body() != null
                                  && entry.body().contains(lastName)));
    }
  }

  private static boolean subscribedTo(SalesforceSimulator salesforce, String channel) {
    return salesforce.journal().stream()
        .anyMatch(
            entry ->
                entry.path().startsWith("/cometd/")
                    && entry.status() == 200
                    && entry.body() != null
                    && entry.body().contains("/meta/subscribe")
                    && entry.body().contains(channel));
  }

  private static long tokenRequests(SalesforceSimulator salesforce, Predicate<Integer> status) {
    return salesforce.journal().stream()
        .filter(entry -> entry.method().equals("POST") && entry.path().equals(TOKEN_PATH))
        .map(JournalEntry::status)
        .filter(status)
        .count();
  }

  private void newContact(SalesforceSimulator salesforce, String lastName) throws Exception {
    String token = SalesforceUser.token(salesforce);
    String email = lastName.toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 4);
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(salesforce.baseUrl() + DATA + "/sobjects/Contact"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        CanonicalJson.mapper()
                            .writeValueAsString(
                                Map.of(
                                    "FirstName",
                                    "Ola",
                                    "LastName",
                                    lastName,
                                    "Email",
                                    email + "@example.com"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }
}
