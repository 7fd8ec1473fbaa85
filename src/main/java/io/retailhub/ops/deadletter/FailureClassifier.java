package io.retailhub.ops.deadletter;

import io.retailhub.mapping.MappingException;
import io.retailhub.model.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one place that decides whether a failure is worth retrying. Every named route configuration
 * in {@code routes/error-policies.camel.yaml} asks this class, so flows never carry their own lists
 * of exception names.
 *
 * <p>Business: {@link ValidationException}, {@link MappingException}, {@link
 * BusinessRuleViolation}, HTTP 4xx except 408 and 429, SQL data and integrity errors (SQLState
 * classes 22 and 23), a record Kafka can never take (too large, invalid, not serialisable).
 * Transient: timeouts, connection errors, HTTP 5xx/408/429, Salesforce {@code
 * REQUEST_LIMIT_EXCEEDED}, SQL connection and rollback errors (08, 40, 53, 57). Anything unknown is
 * transient: a bounded retry of a bug costs seconds, while dead-lettering a blip costs a person.
 */
@ApplicationScoped
@Named("failureClassifier")
public class FailureClassifier {

  /** Set on the exchange so the redelivery uses the platform's Retry-After instead of backoff. */
  static final String REDELIVERY_DELAY_HEADER = Exchange.REDELIVERY_DELAY;

  /** Attempts that failed so far, for the dead-letter entry. */
  public static final String FAILED_ATTEMPTS_PROPERTY = "HubFailedAttempts";

  /** The id of the route step that failed (set by {@link FailedNodeRecorder}). */
  public static final String FAILED_NODE_PROPERTY = "HubFailedNodeId";

  private final FlowSettings flows;

  FailureClassifier(FlowSettings flows) {
    this.flows = flows;
  }

  public FailureKind classify(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      Optional<FailureKind> kind = classifyOne(cause);
      if (kind.isPresent()) {
        return kind.get();
      }
    }
    return FailureKind.TRANSIENT;
  }

  /** retryWhile predicate of {@code event-errors}. */
  public boolean retryEvent(Exchange exchange) {
    return retry(exchange, "event");
  }

  /** retryWhile predicate of {@code api-errors}: a caller is waiting, so the bound is small. */
  public boolean retryApi(Exchange exchange) {
    // an admission limit's refusal is answered at once: a retry inside the hub would hold the
    // caller's request, the very load the limit sheds
    return !(caught(exchange) instanceof RejectedExecutionException) && retry(exchange, "api");
  }

  /** retryWhile predicate of {@code webhook-errors}. */
  public boolean retryWebhook(Exchange exchange) {
    return retry(exchange, "webhook");
  }

  /** True when the caught exception of this exchange is a business failure. */
  public boolean isBusiness(Exchange exchange) {
    return classify(caught(exchange)) == FailureKind.BUSINESS;
  }

  private boolean retry(Exchange exchange, String policy) {
    // Camel has already counted the failed attempt when it asks: the first failure reads 1
    int redeliveries = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
    // kept as a property: useOriginalMessage swaps the message (and this header) out before the
    // dead-letter writer runs
    exchange.setProperty(FAILED_ATTEMPTS_PROPERTY, redeliveries);
    Throwable failure = caught(exchange);
    if (failure == null || classify(failure) == FailureKind.BUSINESS) {
      return false;
    }
    int bound = flows.maxRedeliveries(FlowSettings.flowOf(exchange), policy);
    // a negative bound retries without end: for flows whose source keeps the work anyway
    boolean again = bound < 0 || redeliveries <= bound;
    if (again) {
      Optional<Long> retryAfter = retryAfterMillis(failure);
      if (retryAfter.isPresent()) {
        exchange
            .getIn()
            .setHeader(
                REDELIVERY_DELAY_HEADER, Math.min(retryAfter.get(), flows.maxRetryAfterMillis()));
      } else {
        exchange.getIn().removeHeader(REDELIVERY_DELAY_HEADER);
      }
    }
    return again;
  }

  /** The wait a platform asked for with {@code Retry-After} (seconds or an HTTP date), if any. */
  public Optional<Long> retryAfterMillis(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof HttpOperationFailedException http) {
        return retryAfter(http.getResponseHeaders(), Instant.now());
      }
    }
    return Optional.empty();
  }

  static Optional<Long> retryAfter(Map<String, String> headers, Instant now) {
    if (headers == null) {
      return Optional.empty();
    }
    String value =
        headers.entrySet().stream()
            .filter(e -> "retry-after".equalsIgnoreCase(e.getKey()))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(Character::isDigit)) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)).toMillis());
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(Math.max(0, Duration.between(now, at).toMillis()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<FailureKind> classifyOne(Throwable cause) {
    if (cause instanceof ValidationException
        || cause instanceof MappingException
        || cause instanceof BusinessRuleViolation) {
      return Optional.of(FailureKind.BUSINESS);
    }
    if (cause instanceof HttpOperationFailedException http) {
      return Optional.of(classifyHttp(http.getStatusCode(), http.getResponseBody()));
    }
    if (cause instanceof SalesforceException salesforce && salesforce.getStatusCode() > 0) {
      StringBuilder errorCodes = new StringBuilder(String.valueOf(salesforce.getMessage()));
      if (salesforce.getErrors() != null) {
        salesforce
            .getErrors()
            .forEach(error -> errorCodes.append(' ').append(error.getErrorCode()));
      }
      return Optional.of(classifyHttp(salesforce.getStatusCode(), errorCodes.toString()));
    }
    if (cause instanceof RecordTooLargeException
        || cause instanceof RecordBatchTooLargeException
        || cause instanceof InvalidRecordException
        || cause instanceof SerializationException) {
      return Optional.of(FailureKind.BUSINESS);
    }
    if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
      return Optional.of(FailureKind.TRANSIENT);
    }
    if (cause instanceof SQLException sql && sql.getSQLState() != null) {
      return classifySqlState(sql.getSQLState());
    }
    if (cause instanceof TimeoutException
        || cause instanceof InterruptedIOException // includes SocketTimeoutException
        || cause instanceof HttpTimeoutException
        || cause instanceof ExchangeTimedOutException
        || cause instanceof ConnectException
        || cause instanceof NoRouteToHostException
        || cause instanceof UnknownHostException
        || cause instanceof SocketException) {
      return Optional.of(FailureKind.TRANSIENT);
    }
    if (mentionsRequestLimit(cause.getMessage())) {
      return Optional.of(FailureKind.TRANSIENT);
    }
    return Optional.empty();
  }

  /** 408 and 429 ask the caller to come back; other 4xx say the request itself is wrong. */
  static FailureKind classifyHttp(int status, String body) {
    if (status == 408 || status == 429 || status >= 500) {
      return FailureKind.TRANSIENT;
    }
    if (status == 403 && mentionsRequestLimit(body)) {
      // Salesforce answers an exhausted daily API budget with 403 REQUEST_LIMIT_EXCEEDED
      return FailureKind.TRANSIENT;
    }
    return status >= 400 ? FailureKind.BUSINESS : FailureKind.TRANSIENT;
  }

  static Optional<FailureKind> classifySqlState(String sqlState) {
    String sqlClass = sqlState.length() >= 2 ? sqlState.substring(0, 2) : sqlState;
    return switch (sqlClass) {
      case "22", "23" -> Optional.of(FailureKind.BUSINESS);
      case "08", "40", "53", "57" -> Optional.of(FailureKind.TRANSIENT);
      default -> Optional.empty();
    };
  }

  private static boolean mentionsRequestLimit(String text) {
    return text != null && text.toUpperCase(Locale.ROOT).contains("REQUEST_LIMIT_EXCEEDED");
  }

  private static Throwable next(Throwable cause) {
    Throwable next = cause.getCause();
    return next == cause ? null : next;
  }

  static Throwable caught(Exchange exchange) {
    Throwable failure = exchange.getException();
    if (failure == null) {
      failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
    return failure;
  }
}
