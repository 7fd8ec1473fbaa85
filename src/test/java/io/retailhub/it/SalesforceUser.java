package io.retailhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.support.SimulatorServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A Salesforce user's own session with the simulator, for the changes a test makes as a user. */
public final class SalesforceUser {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SalesforceUser() {}

  /** An access token of the seeded connected app (OAuth client credentials). */
  public static String token(SalesforceSimulator salesforce)
      throws IOException, InterruptedException {
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(SalesforceSimulator.DEFAULT_CLIENT_ID, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(SalesforceSimulator.DEFAULT_CLIENT_SECRET, StandardCharsets.UTF_8);
    HttpResponse<String> login =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(salesforce.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as("Salesforce login: " + login.body()).isEqualTo(200);
    return SimulatorServer.JSON.readTree(login.body()).get("access_token").asText();
  }
}
