package io.retailhub.connector.servicedesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Unremovable;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.api.HttpProblems;
import io.retailhub.api.webhook.WebhookRejections;
import io.retailhub.api.webhook.WebhookRejections.Reason;
import io.retailhub.api.webhook.WebhookSignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies a Zendesk-style event webhook before anything else happens to it: {@code
 * X-Zendesk-Webhook-Signature} must be base64(HMAC-SHA256(secret, timestamp + raw body)) with the
 * {@code X-Zendesk-Webhook-Signature-Timestamp} (ISO-8601) inside the tolerance window. A refused
 * delivery is answered 401 and stops the route. An accepted one gets {@link #EVENT_ID_HEADER} and
 * {@link #TICKET_ID_HEADER} (from the verified body) for de-duplication and the Kafka key.
 */
// referenced by name from routes/servicedesk-webhook.camel.yaml only, which ArC cannot see
@Unremovable
@ApplicationScoped
@Named("serviceDeskWebhookVerifier")
public class ServiceDeskWebhookVerifier implements Processor {

  public static final String SOURCE = "servicedesk";
  public static final String SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature";
  public static final String TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp";
  public static final String EVENT_ID_HEADER = "HubWebhookEventId";
  public static final String TICKET_ID_HEADER = "HubTicketId";
  public static final String USER_ID_HEADER = "HubServiceDeskUserId";
  private static final String TICKET_SUBJECT_PREFIX = "zen:ticket:";
  private static final String USER_SUBJECT_PREFIX = "zen:user:";

  private final Optional<String> secret;
  private final Duration tolerance;
  private final WebhookRejections rejections;
  private final ObjectMapper mapper;
  private final Clock clock;

  @Inject
  public ServiceDeskWebhookVerifier(
      @ConfigProperty(name = "hub.servicedesk.webhook-secret") Optional<String> secret,
      @ConfigProperty(name = "hub.webhook.timestamp-tolerance", defaultValue = "5M")
          Duration tolerance,
      WebhookRejections rejections,
      ObjectMapper mapper) {
    this(secret, tolerance, rejections, mapper, Clock.systemUTC());
  }

  ServiceDeskWebhookVerifier(
      Optional<String> secret,
      Duration tolerance,
      WebhookRejections rejections,
      ObjectMapper mapper,
      Clock clock) {
    this.secret = secret.filter(value -> !value.isBlank());
    this.tolerance = tolerance;
    this.rejections = rejections;
    this.mapper = mapper;
    this.clock = clock;
  }

  @Override
  public void process(Exchange exchange) {
    verify(exchange, TICKET_SUBJECT_PREFIX, TICKET_ID_HEADER, "ticket");
  }

  /**
   * The same check for the user-event webhook ({@code zen:event-type:user.*}): {@link
   * #USER_ID_HEADER} instead of the ticket id. Called by name from the customer ingest flow.
   */
  public void verifyUserEvent(Exchange exchange) {
    verify(exchange, USER_SUBJECT_PREFIX, USER_ID_HEADER, "user");
  }

  private void verify(Exchange exchange, String subjectPrefix, String idHeader, String entity) {
    Message message = exchange.getMessage();
    byte[] body = Optional.ofNullable(message.getBody(byte[].class)).orElse(new byte[0]);
    Optional<Reason> refusal =
        refusal(
            message.getHeader(SIGNATURE_HEADER, String.class),
            message.getHeader(TIMESTAMP_HEADER, String.class),
            body);
    if (refusal.isPresent()) {
      rejections.reject(exchange, SOURCE, refusal.get());
      return;
    }
    if (!readEvent(message, body, subjectPrefix, idHeader)) {
      // signed by the platform but not an event of this kind: nothing to publish, no retry helps
      answer(exchange, 422, "The webhook event has no event id or " + entity + " id.");
    }
  }

  /**
   * A user event replayed from the dead letters: it was verified when it first arrived, and its
   * signature's time window is long past, so only its ids are read again.
   */
  public void readReplayedUserEvent(Exchange exchange) {
    Message message = exchange.getMessage();
    byte[] body = Optional.ofNullable(message.getBody(byte[].class)).orElse(new byte[0]);
    if (!readEvent(message, body, USER_SUBJECT_PREFIX, USER_ID_HEADER)) {
      throw new IllegalArgumentException("a replayed user event without its event id or user id");
    }
  }

  private boolean readEvent(Message message, byte[] body, String subjectPrefix, String idHeader) {
    JsonNode event;
    try {
      event = mapper.readTree(body);
    } catch (IOException e) {
      event = null;
    }
    String eventId = text(event, "id");
    String entityId = entityId(event, subjectPrefix);
    if (eventId == null || entityId == null) {
      return false;
    }
    // the raw body continues as text: what Kafka carries is exactly what was signed
    message.setBody(new String(body, StandardCharsets.UTF_8));
    message.removeHeaders("*", HttpEdgeFilter.CORRELATION_HEADER);
    message.setHeader(EVENT_ID_HEADER, eventId);
    message.setHeader(idHeader, entityId);
    return true;
  }

  /** Why a delivery must be refused, or empty when it is authentic and fresh. */
  Optional<Reason> refusal(String signature, String timestamp, byte[] body) {
    if (secret.isEmpty()) {
      return Optional.of(Reason.NOT_CONFIGURED);
    }
    if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
      return Optional.of(Reason.MISSING_SIGNATURE);
    }
    Instant signedAt;
    try {
      signedAt = Instant.parse(timestamp.trim());
    } catch (DateTimeParseException e) {
      return Optional.of(Reason.MALFORMED_TIMESTAMP);
    }
    if (!WebhookSignatures.withinWindow(signedAt, clock.instant(), tolerance)) {
      return Optional.of(Reason.STALE_TIMESTAMP);
    }
    byte[] expected =
        WebhookSignatures.hmacSha256(
            secret.get(), timestamp.getBytes(StandardCharsets.UTF_8), body);
    byte[] presented;
    try {
      presented = Base64.getDecoder().decode(signature.trim());
    } catch (IllegalArgumentException e) {
      return Optional.of(Reason.BAD_SIGNATURE);
    }
    return WebhookSignatures.constantTimeEquals(expected, presented)
        ? Optional.empty()
        : Optional.of(Reason.BAD_SIGNATURE);
  }

  private static String entityId(JsonNode event, String subjectPrefix) {
    String subject = text(event, "subject");
    if (subject != null && !subject.startsWith(subjectPrefix)) {
      // a ticket event posted to the user webhook (or the reverse) is not this route's business
      return null;
    }
    String fromDetail = text(event == null ? null : event.get("detail"), "id");
    if (fromDetail != null) {
      return fromDetail;
    }
    return subject != null ? subject.substring(subjectPrefix.length()) : null;
  }

  private static String text(JsonNode node, String field) {
    if (node == null || !node.hasNonNull(field) || !node.get(field).isValueNode()) {
      return null;
    }
    String value = node.get(field).asText();
    return value.isBlank() || value.length() > 128 ? null : value;
  }

  private static void answer(Exchange exchange, int status, String detail) {
    Message message = exchange.getMessage();
    String correlationId = message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class);
    message.removeHeaders("*", HttpEdgeFilter.CORRELATION_HEADER);
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    message.setHeader(Exchange.CONTENT_TYPE, HttpProblems.PROBLEM_JSON);
    message.setBody(HttpProblems.body(status, "Unprocessable Content", detail, correlationId));
    exchange.setRouteStop(true);
  }
}
