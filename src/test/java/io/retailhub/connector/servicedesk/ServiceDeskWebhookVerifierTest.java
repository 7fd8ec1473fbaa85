package io.retailhub.connector.servicedesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailhub.api.webhook.WebhookRejections;
import io.retailhub.api.webhook.WebhookRejections.Reason;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The service desk signature check on its own, with a fixed clock, signed by the simulator's own
 * signing code (the counterpart the hub must agree with).
 */
class ServiceDeskWebhookVerifierTest {

  private static final String SECRET = "unit-test-webhook-secret";
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  private static final String BODY = "{\"id\":\"evt-1\",\"detail\":{\"id\":\"35436\"}}";

  private final ServiceDeskWebhookVerifier verifier =
      new ServiceDeskWebhookVerifier(
          Optional.of(SECRET),
          Duration.ofMinutes(5),
          new WebhookRejections(new SimpleMeterRegistry()),
          new ObjectMapper(),
          Clock.fixed(NOW, ZoneOffset.UTC));

  private Optional<Reason> check(String signature, String timestamp, String body) {
    return verifier.refusal(signature, timestamp, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String signed(Instant at, String body) {
    return ServiceDeskSimulator.signature(SECRET, at.toString(), body);
  }

  @Test
  void aCorrectSignatureInsideTheWindowIsAccepted() {
    assertThat(check(signed(NOW, BODY), NOW.toString(), BODY)).isEmpty();
    Instant fourMinutesAgo = NOW.minus(Duration.ofMinutes(4));
    assertThat(check(signed(fourMinutesAgo, BODY), fourMinutesAgo.toString(), BODY)).isEmpty();
  }

  @Test
  void aTamperedBodyIsRefused() {
    String tampered = BODY.replace("35436", "35437");
    assertThat(check(signed(NOW, BODY), NOW.toString(), tampered)).contains(Reason.BAD_SIGNATURE);
  }

  @Test
  void aSignatureMadeWithAnotherSecretIsRefused() {
    String forged = ServiceDeskSimulator.signature("guessed-secret", NOW.toString(), BODY);
    assertThat(check(forged, NOW.toString(), BODY)).contains(Reason.BAD_SIGNATURE);
  }

  @Test
  void aReplayedDeliveryOutsideTheWindowIsRefusedEvenWithAValidSignature() {
    Instant sixMinutesAgo = NOW.minus(Duration.ofMinutes(6));
    assertThat(check(signed(sixMinutesAgo, BODY), sixMinutesAgo.toString(), BODY))
        .contains(Reason.STALE_TIMESTAMP);
    Instant sixMinutesAhead = NOW.plus(Duration.ofMinutes(6));
    assertThat(check(signed(sixMinutesAhead, BODY), sixMinutesAhead.toString(), BODY))
        .contains(Reason.STALE_TIMESTAMP);
  }

  @Test
  void aSignatureMovedToAnotherTimestampIsRefused() {
    Instant later = NOW.plusSeconds(60);
    assertThat(check(signed(NOW, BODY), later.toString(), BODY)).contains(Reason.BAD_SIGNATURE);
  }

  @Test
  void missingOrMalformedHeadersAreRefused() {
    assertThat(check(null, NOW.toString(), BODY)).contains(Reason.MISSING_SIGNATURE);
    assertThat(check(signed(NOW, BODY), null, BODY)).contains(Reason.MISSING_SIGNATURE);
    assertThat(check(" ", NOW.toString(), BODY)).contains(Reason.MISSING_SIGNATURE);
    assertThat(check(signed(NOW, BODY), "yesterday", BODY)).contains(Reason.MALFORMED_TIMESTAMP);
    assertThat(check("%%not-base64%%", NOW.toString(), BODY)).contains(Reason.BAD_SIGNATURE);
  }

  @Test
  void withoutAConfiguredSecretEverythingIsRefused() {
    ServiceDeskWebhookVerifier unconfigured =
        new ServiceDeskWebhookVerifier(
            Optional.empty(),
            Duration.ofMinutes(5),
            new WebhookRejections(new SimpleMeterRegistry()),
            new ObjectMapper(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(
            unconfigured.refusal(
                signed(NOW, BODY), NOW.toString(), BODY.getBytes(StandardCharsets.UTF_8)))
        .contains(Reason.NOT_CONFIGURED);
  }

  @Test
  void theVerifierIsTheCamelProcessorTheRouteReferences() {
    assertThat(ServiceDeskWebhookVerifier.class.getAnnotation(jakarta.inject.Named.class).value())
        .isEqualTo("serviceDeskWebhookVerifier");
  }
}
