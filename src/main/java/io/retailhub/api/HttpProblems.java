package io.retailhub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 9457 problem details for answers the edge gives before any route runs (401, 403, 413, 415,
 * 400). Bodies never echo request content: the detail is a fixed sentence chosen by the caller of
 * this class.
 */
public final class HttpProblems {

  public static final String PROBLEM_JSON = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpProblems() {}

  /** The problem body, with the request's correlation ID so callers can quote it. */
  public static String body(int status, String title, String detail, String correlationId) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    if (correlationId != null) {
      problem.put("correlationId", correlationId);
    }
    try {
      return JSON.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends the exchange with a problem body; a response already ended is left alone. */
  public static void send(RoutingContext context, int status, String title, String detail) {
    HttpServerResponse response = context.response();
    if (response.ended() || response.headWritten()) {
      return;
    }
    String correlationId = context.request().getHeader(HttpEdgeFilter.CORRELATION_HEADER);
    response
        .setStatusCode(status)
        .putHeader("Content-Type", PROBLEM_JSON)
        .putHeader("Cache-Control", "no-store")
        .end(body(status, title, detail, correlationId));
  }
}
