package io.retailhub.connector.servicedesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.connector.throttle.OutboundThrottle;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads service desk users ({@code GET /api/v2/users/{id}.json}) with the hub's API token, and
 * holds the Basic credentials ({@code <user>/token:<api token>}, Zendesk's API-token scheme) that
 * the hub's writes to the desk use as well.
 */
@ApplicationScoped
public class ServiceDeskUserClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String baseUrl;
  private final String authorization;
  private final OutboundThrottle throttle;

  public ServiceDeskUserClient(
      @ConfigProperty(name = "hub.servicedesk.base-url") String baseUrl,
      @ConfigProperty(name = "hub.servicedesk.user") String user,
      @ConfigProperty(name = "hub.servicedesk.api-token", defaultValue = "") String apiToken,
      OutboundThrottle throttle) {
    this.baseUrl = baseUrl;
    this.throttle = throttle;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + "/token:" + apiToken).getBytes(StandardCharsets.UTF_8));
  }

  /** The value of the {@code Authorization} header for the service desk API. */
  public String authorization() {
    return authorization;
  }

  /** The user's primary e-mail, or empty when the user is unknown or has none. */
  public Optional<String> emailOf(String userId, String correlationId) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    baseUrl
                        + "/api/v2/users/"
                        + URLEncoder.encode(userId, StandardCharsets.UTF_8)
                        + ".json"))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header("Authorization", authorization)
            .header("X-Correlation-ID", correlationId == null ? "" : correlationId)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      // one permit of the shared service-desk throttle (routes/connectors/servicedesk-outbound)
      throttle.acquire(Platform.SERVICEDESK);
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("service desk unreachable: user " + userId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading service desk user " + userId, e);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new ServiceDeskUnavailableException(
          "service desk answered " + response.statusCode() + " to a read of user " + userId);
    }
    try {
      JsonNode email = CanonicalJson.mapper().readTree(response.body()).path("user").path("email");
      return email.isTextual() && !email.asText().isBlank()
          ? Optional.of(email.asText())
          : Optional.empty();
    } catch (IOException e) {
      throw new ServiceDeskUnavailableException("service desk answered a user that is not JSON");
    }
  }

  /** The desk did not answer usefully; the event is worth retrying later. */
  public static final class ServiceDeskUnavailableException extends RuntimeException {
    public ServiceDeskUnavailableException(String message) {
      super(message);
    }
  }
}
