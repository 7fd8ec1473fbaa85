package io.retailhub.ops.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.api.Problems;
import io.retailhub.ops.audit.AuditLog;
import io.retailhub.ops.metrics.FlowMetrics;
import io.retailhub.ops.privacy.PiiMasker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * The ops API behind {@code routes/ops-dead-letters.camel.yaml}: list, show, replay and discard
 * dead letters, and read the audit trail. Payloads leave only PII-masked. Every replay and discard
 * is audited with the acting operator: the subject of the caller's bearer token (see {@link
 * #actor}).
 */
@ApplicationScoped
@Named("deadLetterApi")
public class DeadLetterApi {

  public static final String ACTOR_HEADER = HttpEdgeFilter.ACTOR_HEADER;
  static final String TARGET = "dead-letter";
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 200;
  private static final int BULK_LIMIT = 500;

  private final DeadLetterStore store;
  private final AuditLog audit;
  private final ProducerTemplate producer;
  private final FlowMetrics metrics;

  DeadLetterApi(
      DeadLetterStore store, AuditLog audit, ProducerTemplate producer, FlowMetrics metrics) {
    this.store = store;
    this.audit = audit;
    this.producer = producer;
    this.metrics = metrics;
  }

  /** GET /ops/v1/dead-letters?flow=&impact=&status=&since=&cursor=&limit= */
  public void list(Exchange exchange) throws Exception {
    Message in = exchange.getIn();
    Optional<Instant> since;
    BusinessImpact impact;
    DeadLetter.Status status;
    try {
      since = instant(in.getHeader("since", String.class));
      String impactCode = in.getHeader("impact", String.class);
      impact = impactCode == null ? null : BusinessImpact.fromConfig(impactCode);
      String statusCode = in.getHeader("status", String.class);
      status = statusCode == null ? null : DeadLetter.Status.valueOf(statusCode.toUpperCase());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      Problems.respond(exchange, 400, "Bad request", e.getMessage(), Map.of());
      return;
    }
    int limit = limit(in);
    List<DeadLetter> page =
        store.list(
            new DeadLetterStore.Query(
                blankToNull(in.getHeader("flow", String.class)),
                impact,
                since.orElse(null),
                status,
                cursor(in),
                limit));
    List<Map<String, Object>> items = new ArrayList<>();
    for (DeadLetter entry : page) {
      items.add(summary(entry));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put(
        "nextCursor", page.size() == limit ? encodeCursor(page.get(page.size() - 1).id()) : null);
    ok(exchange, 200, body);
  }

  /** GET /ops/v1/dead-letters/{id} */
  public void get(Exchange exchange) throws Exception {
    Optional<DeadLetter> entry = entry(exchange);
    if (entry.isEmpty()) {
      return;
    }
    Map<String, Object> body = summary(entry.get());
    body.put("headers", maskedHeaders(entry.get().headers()));
    body.put("body", maskedBody(entry.get().body()));
    List<Map<String, Object>> history = new ArrayList<>();
    for (DeadLetter previous : store.history(entry.get())) {
      history.add(summary(previous));
    }
    body.put("previousAttempts", history);
    ok(exchange, 200, body);
  }

  /** POST /ops/v1/dead-letters/{id}/replay */
  public void replay(Exchange exchange) throws Exception {
    String actor = actor(exchange);
    if (actor == null) {
      return;
    }
    Optional<DeadLetter> entry = entry(exchange);
    if (entry.isEmpty()) {
      return;
    }
    ReplayResult result = replayOne(entry.get(), actor, correlationOf(exchange));
    if (result.outcome().equals("CONFLICT")) {
      Problems.respond(
          exchange,
          409,
          "Not open",
          "Dead letter " + entry.get().id() + " is " + entry.get().status() + ", not OPEN.",
          Map.of());
      return;
    }
    if (result.outcome().equals("NO_REPLAY_URI")) {
      Problems.respond(
          exchange,
          409,
          "No replay entry point",
          "Flow "
              + entry.get().flow()
              + " declares no hub.flows."
              + entry.get().flow()
              + ".replay-uri.",
          Map.of());
      return;
    }
    if (result.outcome().equals("SEND_FAILED")) {
      Problems.respond(exchange, 502, "Replay not sent", result.detail(), Map.of());
      return;
    }
    Map<String, Object> body = summary(store.find(entry.get().id()).orElseThrow());
    body.put("replayOutcome", result.outcome());
    ok(exchange, 202, body);
  }

  /** POST /ops/v1/dead-letters/replay?flow=&since= : every OPEN entry of one flow. */
  public void replayBulk(Exchange exchange) throws Exception {
    String actor = actor(exchange);
    if (actor == null) {
      return;
    }
    Message in = exchange.getIn();
    String flow = blankToNull(in.getHeader("flow", String.class));
    if (flow == null) {
      Problems.respond(
          exchange, 400, "Bad request", "flow is required for a bulk replay", Map.of());
      return;
    }
    Optional<Instant> since;
    try {
      since = instant(in.getHeader("since", String.class));
    } catch (DateTimeParseException e) {
      Problems.respond(exchange, 400, "Bad request", e.getMessage(), Map.of());
      return;
    }
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    List<Long> ids = store.openIds(flow, since.orElse(null), BULK_LIMIT);
    for (long id : ids) {
      Optional<DeadLetter> entry = store.find(id);
      if (entry.isPresent()) {
        ReplayResult result = replayOne(entry.get(), actor, correlationOf(exchange));
        outcomes.merge(result.outcome(), 1, Integer::sum);
      }
    }
    audit.record(
        actor,
        "dead-letter.bulk-replay",
        TARGET,
        "flow:" + flow,
        "DONE",
        correlationOf(exchange),
        "entries=" + ids.size() + " outcomes=" + outcomes);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("flow", flow);
    body.put("selected", ids.size());
    body.put("outcomes", outcomes);
    body.put("more", ids.size() == BULK_LIMIT);
    ok(exchange, 202, body);
  }

  /** DELETE /ops/v1/dead-letters/{id}?reason= (or a JSON body {"reason": ...}) */
  public void discard(Exchange exchange) throws Exception {
    String actor = actor(exchange);
    if (actor == null) {
      return;
    }
    String reason = reason(exchange);
    if (reason == null) {
      Problems.respond(
          exchange,
          400,
          "Reason required",
          "A discard must say why: give ?reason= or {\"reason\":...}.",
          Map.of());
      return;
    }
    Optional<DeadLetter> entry = entry(exchange);
    if (entry.isEmpty()) {
      return;
    }
    boolean discarded = store.discard(entry.get().id(), actor, reason);
    audit.record(
        actor,
        "dead-letter.discard",
        TARGET,
        entityKey(entry.get().id()),
        discarded ? "DISCARDED" : "CONFLICT",
        correlationOf(exchange),
        reason);
    if (!discarded) {
      Problems.respond(
          exchange,
          409,
          "Not open",
          "Dead letter " + entry.get().id() + " is " + entry.get().status() + ".",
          Map.of());
      return;
    }
    metrics.refreshDepth(true);
    ok(exchange, 200, summary(store.find(entry.get().id()).orElseThrow()));
  }

  /** GET /ops/v1/audit?entityKey=&since=&cursor=&limit= */
  public void auditTrail(Exchange exchange) throws Exception {
    Message in = exchange.getIn();
    Optional<Instant> since;
    try {
      since = instant(in.getHeader("since", String.class));
    } catch (DateTimeParseException e) {
      Problems.respond(exchange, 400, "Bad request", e.getMessage(), Map.of());
      return;
    }
    int limit = limit(in);
    List<AuditLog.Entry> page =
        audit.list(
            blankToNull(in.getHeader("entityKey", String.class)),
            since.orElse(null),
            cursor(in),
            limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", page);
    body.put(
        "nextCursor", page.size() == limit ? encodeCursor(page.get(page.size() - 1).id()) : null);
    ok(exchange, 200, body);
  }

  record ReplayResult(String outcome, String detail) {}

  /**
   * Sends the original body and headers, with the original correlation ID, to the flow's replay
   * entry point. A {@code direct:} entry point runs in this thread, so its outcome is known here; a
   * queue or topic entry point is SUBMITTED, and a new failure later links back to this entry.
   */
  ReplayResult replayOne(DeadLetter entry, String actor, String requestCorrelationId)
      throws Exception {
    String key = entityKey(entry.id());
    if (entry.replayUri() == null) {
      audit.record(
          actor, "dead-letter.replay", TARGET, key, "NO_REPLAY_URI", entry.correlationId(), null);
      return new ReplayResult("NO_REPLAY_URI", null);
    }
    if (!store.claimForReplay(entry.id(), actor)) {
      audit.record(
          actor, "dead-letter.replay", TARGET, key, "CONFLICT", entry.correlationId(), null);
      return new ReplayResult("CONFLICT", null);
    }
    Exchange sent =
        producer.send(
            entry.replayUri(),
            ExchangePattern.InOnly,
            out -> {
              Message message = out.getIn();
              entry
                  .headers()
                  .forEach(
                      (name, value) -> {
                        if (replayable(name)) {
                          message.setHeader(name, value);
                        }
                      });
              message.setHeader(DeadLetterWriter.CORRELATION_HEADER, entry.correlationId());
              // as text: a Long would cross Kafka as 8 raw bytes, which the hub's string header
              // deserializer turns into garbage, and a re-failure could not link to this entry
              message.setHeader(DeadLetterWriter.REPLAY_OF_HEADER, Long.toString(entry.id()));
              message.setBody(entry.body());
            });
    String outcome;
    String detail = null;
    if (sent.getException() != null) {
      store.reopen(entry.id());
      outcome = "SEND_FAILED";
      detail = sent.getException().getClass().getName() + ": " + sent.getException().getMessage();
    } else if (entry.replayUri().startsWith("direct:")) {
      boolean failedAgain = sent.getProperty(DeadLetterWriter.ENTRY_ID_PROPERTY) != null;
      outcome = failedAgain ? "FAILED" : "DELIVERED";
      store.settleReplay(entry.id(), outcome);
    } else {
      outcome = "SUBMITTED";
    }
    audit.record(actor, "dead-letter.replay", TARGET, key, outcome, entry.correlationId(), detail);
    metrics.refreshDepth(true);
    return new ReplayResult(outcome, detail);
  }

  /** Transport headers of the first delivery must not steer the replay (topic, JMS ids...). */
  static boolean replayable(String name) {
    if (name.equals("kafka.KEY")) {
      return true;
    }
    return !(name.startsWith("kafka.")
        || name.startsWith("JMS")
        || name.startsWith("Hub")
        || name.startsWith("Camel")
        || name.equals("_AMQ_DUPL_ID"));
  }

  static String entityKey(long id) {
    return TARGET + ":" + id;
  }

  Map<String, Object> summary(DeadLetter entry) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", entry.id());
    view.put("flow", entry.flow());
    view.put("impact", entry.impact().name());
    view.put("status", entry.status().name());
    view.put("failureKind", entry.failureKind().wireCode());
    view.put(
        "reason", entry.exceptionClass() + ": " + PiiMasker.maskText(entry.exceptionMessage()));
    view.put("exceptionClass", entry.exceptionClass());
    view.put("exceptionMessage", PiiMasker.maskText(entry.exceptionMessage()));
    view.put("routeId", entry.routeId());
    view.put("endpoint", entry.endpoint());
    view.put("attempts", entry.attempts());
    view.put("correlationId", entry.correlationId());
    view.put("replayUri", entry.replayUri());
    view.put("createdAt", entry.createdAt().toString());
    view.put("replayOf", entry.replayOf());
    view.put("supersededBy", entry.supersededBy());
    view.put("replayOutcome", entry.replayOutcome());
    view.put("resolvedAt", entry.resolvedAt() == null ? null : entry.resolvedAt().toString());
    view.put("resolvedBy", entry.resolvedBy());
    view.put("discardReason", entry.discardReason());
    return view;
  }

  private static Map<String, String> maskedHeaders(Map<String, String> headers) {
    Map<String, String> masked = new LinkedHashMap<>();
    headers.forEach((name, value) -> masked.put(name, PiiMasker.maskNamed(name, value)));
    return masked;
  }

  /** Text bodies masked; binary bodies only as their size, never their bytes. */
  private static Object maskedBody(byte[] body) {
    if (body == null) {
      return null;
    }
    try {
      String text =
          StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
      String masked = PiiMasker.maskBody(text);
      try {
        JsonNode json = JSON.readTree(masked);
        if (json != null && json.isContainerNode()) {
          return json;
        }
      } catch (JsonProcessingException notJson) {
        // plain text
      }
      return masked;
    } catch (CharacterCodingException binary) {
      return Map.of("binaryBytes", body.length);
    }
  }

  private Optional<DeadLetter> entry(Exchange exchange) throws Exception {
    String raw = exchange.getIn().getHeader("id", String.class);
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      Problems.respond(exchange, 404, "Not found", "No dead letter " + raw, Map.of());
      return Optional.empty();
    }
    Optional<DeadLetter> entry = store.find(id);
    if (entry.isEmpty()) {
      Problems.respond(exchange, 404, "Not found", "No dead letter " + id, Map.of());
    }
    return entry;
  }

  /**
   * The operator acting: the token subject the HTTP edge put in {@link
   * HttpEdgeFilter#ACTOR_HEADER}. A mutating call without one is refused: an audit record must name
   * someone.
   */
  static String actor(Exchange exchange) {
    String actor = blankToNull(exchange.getIn().getHeader(ACTOR_HEADER, String.class));
    if (actor == null) {
      Problems.respond(
          exchange,
          400,
          "Actor required",
          "The request carries no authenticated caller.",
          Map.of());
    }
    return actor;
  }

  private static String reason(Exchange exchange) {
    String reason = blankToNull(exchange.getIn().getHeader("reason", String.class));
    if (reason != null) {
      return reason;
    }
    String body = exchange.getIn().getBody(String.class);
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode json = JSON.readTree(body);
      return json == null ? null : blankToNull(json.path("reason").asText(null));
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String correlationOf(Exchange exchange) {
    return exchange.getIn().getHeader(DeadLetterWriter.CORRELATION_HEADER, String.class);
  }

  private static int limit(Message in) {
    Integer limit = in.getHeader("limit", Integer.class);
    return limit == null || limit < 1 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
  }

  private static Long cursor(Message in) {
    String cursor = blankToNull(in.getHeader("cursor", String.class));
    if (cursor == null) {
      return null;
    }
    try {
      return Long.parseLong(
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String encodeCursor(long id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Long.toString(id).getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<Instant> instant(String value) {
    return blankToNull(value) == null ? Optional.empty() : Optional.of(Instant.parse(value));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static void ok(Exchange exchange, int status, Object body)
      throws JsonProcessingException {
    Message message = exchange.getMessage();
    message.removeHeaders("*", "X-Correlation-ID");
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    message.setBody(JSON.writeValueAsString(body));
  }
}
