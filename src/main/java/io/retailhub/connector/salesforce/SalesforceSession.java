package io.retailhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.CanonicalJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An OAuth 2.0 client-credentials session with the Salesforce org: one access token, fetched on
 * first use and kept until Salesforce answers 401 INVALID_SESSION_ID, when the caller {@link
 * #invalidate invalidates} it and the next call logs in again. A failed login throws {@link
 * HttpOperationFailedException} so that the shared error policy can classify it (5xx transient,
 * {@code invalid_client} business).
 */
@ApplicationScoped
public class SalesforceSession {

  /** The token and the instance URL that every data call must use. */
  public record Token(String accessToken, String instanceUrl) {}

  private final HttpClient http;
  private final String loginUrl;
  private final String clientId;
  private final String clientSecret;
  private final Duration timeout;
  private volatile Token current;

  SalesforceSession(
      @ConfigProperty(name = "hub.salesforce.login-url") String loginUrl,
      @ConfigProperty(name = "hub.salesforce.client-id", defaultValue = "") String clientId,
      @ConfigProperty(name = "hub.salesforce.client-secret", defaultValue = "") String clientSecret,
      @ConfigProperty(name = "hub.salesforce.timeout", defaultValue = "PT10S") Duration timeout) {
    this.loginUrl = loginUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  public HttpClient http() {
    return http;
  }

  public Duration timeout() {
    return timeout;
  }

  /** The cached token, or a new one from the token endpoint. */
  public synchronized Token token()
      throws IOException, InterruptedException, HttpOperationFailedException {
    if (current == null) {
      current = login();
    }
    return current;
  }

  /** Drops the token the caller was refused with (not a newer one another caller fetched). */
  public synchronized void invalidate(Token refused) {
    if (current != null && current.equals(refused)) {
      current = null;
    }
  }

  private Token login() throws IOException, InterruptedException, HttpOperationFailedException {
    String uri = loginUrl + "/services/oauth2/token";
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      // the body names the OAuth error but never echoes the secret
      throw new HttpOperationFailedException(
          uri, response.statusCode(), "Salesforce login failed", null, Map.of(), response.body());
    }
    JsonNode answer = CanonicalJson.mapper().readTree(response.body());
    return new Token(answer.path("access_token").asText(), answer.path("instance_url").asText());
  }
}
