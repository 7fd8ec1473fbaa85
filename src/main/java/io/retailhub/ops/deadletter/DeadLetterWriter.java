package io.retailhub.ops.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailhub.ops.delivery.DuplicateIds;
import io.retailhub.ops.metrics.FlowMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

/**
 * Parks a message the flow gave up on. Called from the handled {@code onException} of the named
 * route configurations (with {@code useOriginalMessage}, so the body and headers are what the route
 * consumed). It returns only when the entry is committed in PostgreSQL and confirmed by Artemis on
 * {@code DLQ.<flow>}; only then does the route finish and the consumer ack the JMS message or
 * commit the Kafka offset. If either write fails, the exception escapes the handler, the exchange
 * fails and the source redelivers: nothing is acked that is not parked.
 */
@ApplicationScoped
@Named("deadLetterWriter")
public class DeadLetterWriter {

  /** On a replayed message: the id of the entry it came from, so a new failure links to it. */
  public static final String REPLAY_OF_HEADER = "HubReplayOf";

  public static final String CORRELATION_HEADER = "X-Correlation-ID";
  public static final String ENTRY_ID_PROPERTY = "HubDeadLetterId";
  public static final String REJECTION_REASON_PROPERTY = "HubRejectionReason";
  public static final String GIVEN_UP_FAILURE_PROPERTY = "HubGivenUpFailure";

  private static final Logger LOG = Logger.getLogger(DeadLetterWriter.class);
  private static final ObjectMapper HEADERS_JSON = new ObjectMapper();

  private final DeadLetterStore store;
  private final FlowSettings flows;
  private final FailureClassifier classifier;
  private final ProducerTemplate producer;
  private final FlowMetrics metrics;

  DeadLetterWriter(
      DeadLetterStore store,
      FlowSettings flows,
      FailureClassifier classifier,
      ProducerTemplate producer,
      FlowMetrics metrics) {
    this.store = store;
    this.flows = flows;
    this.classifier = classifier;
    this.producer = producer;
    this.metrics = metrics;
  }

  /**
   * Parks a message its flow judged unprocessable without failing (a poison webhook that must still
   * be answered 2xx so that the sender stops retrying): the reason, given in property {@link
   * #REJECTION_REASON_PROPERTY}, is recorded as a {@link BusinessRuleViolation}. The exchange then
   * goes on.
   */
  public void writeRejected(Exchange exchange) throws Exception {
    String reason = exchange.getProperty(REJECTION_REASON_PROPERTY, String.class);
    exchange.setProperty(
        Exchange.EXCEPTION_CAUGHT, new BusinessRuleViolation("rejected-by-flow", reason));
    try {
      write(exchange);
    } finally {
      exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
    }
  }

  /**
   * Parks a message whose flow gave up without an exception reaching the error handler (the
   * pending-ERP queue once an order has waited its budget): the failure that made the flow give up
   * is in property {@link #GIVEN_UP_FAILURE_PROPERTY}, the attempts in {@link
   * FailureClassifier#FAILED_ATTEMPTS_PROPERTY}. The exchange then goes on and its source is acked.
   */
  public void writeGivenUp(Exchange exchange) throws Exception {
    Throwable failure = exchange.getProperty(GIVEN_UP_FAILURE_PROPERTY, Throwable.class);
    exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
    try {
      write(exchange);
    } finally {
      exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
    }
  }

  public void write(Exchange exchange) throws Exception {
    Message message = exchange.getIn();
    Throwable failure = FailureClassifier.caught(exchange);
    String flow = FlowSettings.flowOf(exchange);
    BusinessImpact impact = flows.impact(flow);
    String replayUri = flows.replayUri(flow).orElse(null);
    int failedAttempts =
        exchange.getProperty(FailureClassifier.FAILED_ATTEMPTS_PROPERTY, 1, Integer.class);
    DeadLetter.New entry =
        new DeadLetter.New(
            flow,
            impact,
            failure == null ? FailureKind.TRANSIENT : classifier.classify(failure),
            firstNonNull(
                exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class),
                exchange.getFromRouteId()),
            firstNonNull(
                exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class),
                exchange.getProperty(Exchange.TO_ENDPOINT, String.class)),
            failure == null ? "unknown" : failure.getClass().getName(),
            failure == null ? null : failure.getMessage(),
            Math.max(1, failedAttempts),
            message.getHeader(CORRELATION_HEADER, String.class),
            sourceKey(exchange),
            replayUri,
            simpleHeaders(message),
            message.getBody(byte[].class),
            replayOf(message));
    long id = store.insert(entry);
    // null for a message a flow parks without a failing step (writeRejected, writeGivenUp)
    String failedNode = exchange.getProperty(FailureClassifier.FAILED_NODE_PROPERTY, String.class);
    sendToDeadLetterQueue(entry, id, failedNode);
    exchange.setProperty(ENTRY_ID_PROPERTY, id);
    exchange.setProperty(FlowMetrics.DEAD_LETTERED_PROPERTY, true);
    metrics.count(flow, "dead_lettered");
    metrics.refreshDepth(true);
    LOG.warnf(
        "dead-lettered flow=%s id=%d impact=%s kind=%s route=%s node=%s exception=%s"
            + " correlationId=%s",
        flow,
        id,
        impact,
        entry.failureKind().wireCode(),
        entry.routeId(),
        failedNode,
        entry.exceptionClass(),
        entry.correlationId());
  }

  private void sendToDeadLetterQueue(DeadLetter.New entry, long id, String failedNode)
      throws JsonProcessingException {
    // JMS property names must be Java identifiers, and most header names (X-Correlation-ID,
    // kafka.KEY, ce_id) are not or would be mangled: the original headers travel as one JSON text
    String originalHeaders = HEADERS_JSON.writeValueAsString(entry.headers());
    Exchange sent =
        producer.send(
            "jms:queue:DLQ." + entry.flow() + "?deliveryPersistent=true",
            out -> {
              Message dlq = out.getIn();
              dlq.setBody(textOrBytes(entry.body()));
              dlq.setHeader("HubDeadLetterId", id);
              dlq.setHeader("HubFlow", entry.flow());
              dlq.setHeader("HubImpact", entry.impact().wireCode());
              dlq.setHeader("HubFailureKind", entry.failureKind().wireCode());
              dlq.setHeader("HubFailedRouteId", entry.routeId());
              dlq.setHeader("HubFailedEndpoint", entry.endpoint());
              dlq.setHeader("HubFailedNodeId", failedNode);
              dlq.setHeader("HubSourceKey", entry.sourceKey());
              dlq.setHeader("HubOriginalHeaders", originalHeaders);
              dlq.setHeader("HubExceptionClass", entry.exceptionClass());
              dlq.setHeader("HubExceptionMessage", entry.exceptionMessage());
              dlq.setHeader("HubAttempts", entry.attempts());
              dlq.setHeader("HubReplayUri", entry.replayUri());
              dlq.setHeader("JMSCorrelationID", entry.correlationId());
              // the broker drops a second copy of the same entry (redelivery after a crash)
              dlq.setHeader(DuplicateIds.ARTEMIS_DUPLICATE_ID, "dead-letter-" + id);
            });
    if (sent.getException() != null) {
      throw new IllegalStateException(
          "dead letter " + id + " not confirmed by DLQ." + entry.flow(), sent.getException());
    }
  }

  /**
   * The entry a replayed message came from. It travels as text ({@code DeadLetterApi} sends it so);
   * a value that is not a number is logged and ignored, because the message must be parked all the
   * same: a header the writer cannot read must never send it back to its source for ever.
   */
  static Long replayOf(Message message) {
    String raw = message.getHeader(REPLAY_OF_HEADER, String.class);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Long.valueOf(raw.trim());
    } catch (NumberFormatException unreadable) {
      LOG.warnf("ignored unreadable %s header on a dead letter", REPLAY_OF_HEADER);
      return null;
    }
  }

  /** Identity of the consumed message, stable across redeliveries of the same message. */
  static String sourceKey(Exchange exchange) {
    Message message = exchange.getIn();
    String topic = message.getHeader("kafka.TOPIC", String.class);
    if (topic != null) {
      return "kafka:"
          + topic
          + "/"
          + message.getHeader("kafka.PARTITION")
          + "/"
          + message.getHeader("kafka.OFFSET");
    }
    String jmsId = message.getHeader("JMSMessageID", String.class);
    if (jmsId != null) {
      return "jms:" + jmsId;
    }
    return "exchange:" + exchange.getExchangeId();
  }

  /** Headers worth keeping: text, numbers and booleans, without Camel's internal ones. */
  static Map<String, String> simpleHeaders(Message message) {
    Map<String, String> kept = new LinkedHashMap<>();
    message
        .getHeaders()
        .forEach(
            (name, value) -> {
              if (value == null || name.startsWith("Camel") || name.equals("kafka.MANUAL_COMMIT")) {
                return;
              }
              if (value instanceof CharSequence
                  || value instanceof Number
                  || value instanceof Boolean) {
                kept.put(name, value.toString());
              } else if (value instanceof byte[] bytes) {
                kept.put(name, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
              }
            });
    return kept;
  }

  /** Text stays a TextMessage on the DLQ so the broker console and plain clients can read it. */
  private static Object textOrBytes(byte[] body) {
    if (body == null) {
      return null;
    }
    try {
      return java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(body))
          .toString();
    } catch (java.nio.charset.CharacterCodingException binary) {
      return body;
    }
  }

  private static String firstNonNull(String first, String second) {
    return first != null ? first : second;
  }
}
