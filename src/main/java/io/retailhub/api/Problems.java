package io.retailhub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailhub.mapping.MappingException;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.FieldViolation;
import io.retailhub.model.ValidationException;
import io.retailhub.ops.deadletter.BusinessRuleViolation;
import io.retailhub.ops.deadletter.FailureClassifier;
import io.retailhub.ops.deadletter.FailureKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * RFC 9457 problem details ({@code application/problem+json}) for every error the hub answers over
 * HTTP. Routes use it through the {@code api-errors} and {@code webhook-errors} configurations;
 * Java beans call {@link #respond} directly.
 */
@ApplicationScoped
@Named("problems")
public class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://problems.retailhub.io/";

  /** One rejected request parameter or field. */
  public record FieldError(String field, String reason) {}

  /** Requests an admission limit turned away, per route (hub_api_at_capacity_total). */
  public static final String AT_CAPACITY_METRIC = "hub.api.at.capacity";

  private final FailureClassifier classifier;
  private final MeterRegistry registry;

  Problems(FailureClassifier classifier, MeterRegistry registry) {
    this.classifier = classifier;
    this.registry = registry;
  }

  /**
   * Answers the caught exception: 422 for business failures, 503 for transient ones and for a
   * request an admission limit turned away.
   */
  public void fromFailure(Exchange exchange) {
    Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    if (failure instanceof RejectedExecutionException) {
      registry
          .counter(AT_CAPACITY_METRIC, "route", String.valueOf(exchange.getFromRouteId()))
          .increment();
      exchange.getMessage().setHeader("Retry-After", "1");
      ObjectNode problem =
          problem(
              503,
              "at-capacity",
              "At capacity",
              "The hub has as many requests of this kind in flight as it takes; nothing was"
                  + " done. Retry after the Retry-After delay, with the same Idempotency-Key.");
      answer(exchange, problem);
    } else if (failure != null && classifier.classify(failure) == FailureKind.BUSINESS) {
      Map<String, Object> extra = new LinkedHashMap<>();
      List<FieldViolation> violations = violations(failure);
      if (!violations.isEmpty()) {
        extra.put("violations", violations);
      }
      respond(exchange, 422, "Unprocessable content", failure.getMessage(), extra);
    } else {
      exchange.getMessage().setHeader("Retry-After", "5");
      respond(
          exchange,
          503,
          "Temporarily unavailable",
          "A platform the hub depends on did not answer in time; retry later.",
          Map.of());
    }
  }

  /** Writes a problem as the response, with {@code extra} members beside the standard ones. */
  public static void respond(
      Exchange exchange, int status, String title, String detail, Map<String, Object> extra) {
    ObjectNode problem = CanonicalJson.mapper().createObjectNode();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    if (detail != null) {
      problem.put("detail", detail);
    }
    extra.forEach((name, value) -> problem.set(name, CanonicalJson.mapper().valueToTree(value)));
    answer(exchange, problem);
  }

  public static ObjectNode problem(int status, String type, String title, String detail) {
    ObjectNode problem = CanonicalJson.mapper().createObjectNode();
    problem.put("type", TYPE_BASE + type);
    problem.put("title", title);
    problem.put("status", status);
    if (detail != null) {
      problem.put("detail", detail);
    }
    return problem;
  }

  public static ObjectNode withErrors(ObjectNode problem, List<FieldError> errors) {
    ArrayNode array = problem.putArray("errors");
    errors.forEach(
        error -> array.addObject().put("field", error.field()).put("reason", error.reason()));
    return problem;
  }

  /**
   * Writes a problem as the HTTP answer of an exchange: status, content type, body with {@code
   * instance} = the request path and the correlation ID, so a caller can quote it.
   */
  public static void answer(Exchange exchange, ObjectNode problem) {
    Message message = exchange.getMessage();
    String path = message.getHeader(Exchange.HTTP_PATH, String.class);
    String uri = message.getHeader(Exchange.HTTP_URI, String.class);
    if (uri != null || path != null) {
      problem.put("instance", uri != null ? uri : path);
    }
    String correlationId = message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class);
    if (correlationId != null) {
      problem.put("correlationId", correlationId);
    }
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.path("status").asInt(500));
    message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
    message.setBody(CanonicalJson.toJson(problem));
  }

  public static void notFound(Exchange exchange, String title, String detail) {
    answer(exchange, problem(404, "not-found", title, detail));
  }

  public static void badRequest(Exchange exchange, List<FieldError> errors) {
    answer(
        exchange,
        withErrors(
            problem(
                400,
                "invalid-parameters",
                "Invalid request parameters",
                errors.size() + " parameter(s) rejected"),
            errors));
  }

  private static List<FieldViolation> violations(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ValidationException validation) {
        return validation.violations();
      }
      if (cause instanceof MappingException mapping) {
        return mapping.violations();
      }
      if (cause instanceof BusinessRuleViolation) {
        return List.of();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return List.of();
  }
}
