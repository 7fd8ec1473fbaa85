package io.retailhub.connector.erp;

import io.micrometer.core.instrument.MeterRegistry;
import io.retailhub.api.Problems;
import io.retailhub.api.webhook.WebhookRejections;
import io.retailhub.api.webhook.WebhookRejections.Reason;
import io.retailhub.api.webhook.WebhookSignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Authenticates an ERP webhook: HMAC-SHA256 over {@code <X-ERP-Timestamp>.<raw body>} with the
 * shared secret, compared in constant time, and a timestamp no further than five minutes from now
 * either way so that a captured request cannot be replayed later. A rejected request gets its 401
 * problem as the body and the reason in {@link #REJECTION}; the route answers it.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("erpWebhookVerifier")
public class ErpWebhookVerifier implements Processor {
  public static final String TIMESTAMP_HEADER = "X-ERP-Timestamp";
  public static final String SIGNATURE_HEADER = "X-ERP-Signature";
  public static final String REJECTION = "webhookRejection";
  static final Duration WINDOW = Duration.ofMinutes(5);
  private static final String SCHEME = "sha256=";

  private final String secret;
  private final MeterRegistry meters;
  private final Clock clock;

  @jakarta.inject.Inject
  public ErpWebhookVerifier(
      @ConfigProperty(name = "hub.erp.webhook-secret") String secret, MeterRegistry meters) {
    this(secret, meters, Clock.systemUTC());
  }

  ErpWebhookVerifier(String secret, MeterRegistry meters, Clock clock) {
    this.secret = secret;
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public void process(Exchange exchange) {
    byte[] body = exchange.getMessage().getBody(byte[].class);
    String reason =
        rejectionOf(
            exchange.getMessage().getHeader(TIMESTAMP_HEADER, String.class),
            exchange.getMessage().getHeader(SIGNATURE_HEADER, String.class),
            body == null ? new byte[0] : body);
    if (reason != null) {
      // one metric for every signed source, labelled as WebhookRejections labels it
      meters.counter(WebhookRejections.METRIC, "source", "erp", "reason", reason).increment();
      exchange.setProperty(REJECTION, reason);
      Problems.answer(
          exchange,
          Problems.problem(
              401,
              "webhook-unauthenticated",
              "Webhook not authenticated",
              "signature check failed: " + reason));
    }
  }

  /** Null when authentic, otherwise the reason code shared with the other signed webhooks. */
  String rejectionOf(String timestamp, String signature, byte[] body) {
    if (timestamp == null || signature == null) {
      return Reason.MISSING_SIGNATURE.code();
    }
    long epochSeconds;
    try {
      epochSeconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException notANumber) {
      return Reason.MALFORMED_TIMESTAMP.code();
    }
    if (!signature.startsWith(SCHEME)) {
      return Reason.BAD_SIGNATURE.code();
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - epochSeconds);
    if (skew > WINDOW.toSeconds()) {
      return Reason.STALE_TIMESTAMP.code();
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(signature.substring(SCHEME.length()).trim());
    } catch (IllegalArgumentException notHex) {
      return Reason.BAD_SIGNATURE.code();
    }
    byte[] expected = hmac(timestamp.trim(), body);
    return WebhookSignatures.constantTimeEquals(expected, presented)
        ? null
        : Reason.BAD_SIGNATURE.code();
  }

  private byte[] hmac(String timestamp, byte[] body) {
    return WebhookSignatures.hmacSha256(
        secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
  }
}
