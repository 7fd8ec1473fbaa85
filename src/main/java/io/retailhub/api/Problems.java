package io.retailhub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailhub.mapping.MappingException;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FailureClassifier classifier;

  Problems(FailureClassifier classifier) {
    this.classifier = classifier;
  }

  /** Answers the caught exception: 422 for business failures, 503 for transient ones. */
  public void fromFailure(Exchange exchange) {
    Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    if (failure != null && classifier.classify(failure) == FailureKind.BUSINESS) {
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

  /** Writes a problem as the response: status, content type, body with the correlation ID. */
  public static void respond(
      Exchange exchange, int status, String title, String detail, Map<String, Object> extra) {
    Message message = exchange.getMessage();
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    if (detail != null) {
      problem.put("detail", detail);
    }
    String correlationId = message.getHeader("X-Correlation-ID", String.class);
    if (correlationId != null) {
      problem.put("correlationId", correlationId);
    }
    problem.putAll(extra);
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
    try {
      message.setBody(JSON.writeValueAsString(problem));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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
