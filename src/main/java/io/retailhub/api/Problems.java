package io.retailhub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.model.CanonicalJson;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * RFC 9457 problem details ({@code application/problem+json}) for every HTTP-facing flow: {@code
 * type}, {@code title}, {@code status}, {@code detail}, {@code instance}, plus an {@code errors}
 * array naming each bad parameter and the correlation ID, so a caller can quote it.
 */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://problems.retailhub.io/";

  /** One rejected request parameter or field. */
  public record FieldError(String field, String reason) {}

  private Problems() {}

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
   * instance} = the request path and the correlation ID.
   */
  public static void answer(Exchange exchange, ObjectNode problem) {
    Message message = exchange.getMessage();
    String path = message.getHeader(Exchange.HTTP_PATH, String.class);
    String uri = message.getHeader(Exchange.HTTP_URI, String.class);
    problem.put("instance", uri != null ? uri : path);
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
}
