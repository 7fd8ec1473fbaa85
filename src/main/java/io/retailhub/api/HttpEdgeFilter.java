package io.retailhub.api;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The edge every inbound HTTP request crosses before any route sees it. It removes headers that
 * could steer Camel ({@code Camel*}) or impersonate the hub's own internal headers ({@code Hub*}),
 * and gives every request a correlation ID: the caller's, if well-formed, or a new one. The ID is
 * echoed on the response so callers can quote it.
 */
@ApplicationScoped
public class HttpEdgeFilter {

  public static final String CORRELATION_HEADER = "X-Correlation-ID";

  private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
  private static final List<String> RESERVED_PREFIXES = List.of("camel", "hub", "jms", "kafka.");

  /** After Quarkus has authenticated and authorized the caller (orders -200 and -100). */
  static final int AFTER_AUTHORIZATION = -90;

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE + 10).handler(this::handle);
    router.route().order(AFTER_AUTHORIZATION).handler(this::dropCallerCredentials);
  }

  /**
   * The caller's bearer token has done its job once the request is authorized. Removing it keeps a
   * route that copies headers to an outbound call from handing the token to another system.
   */
  void dropCallerCredentials(RoutingContext context) {
    context.request().headers().remove("Authorization");
    context.next();
  }

  void handle(RoutingContext context) {
    MultiMap headers = context.request().headers();
    List<String> reserved = headers.names().stream().filter(HttpEdgeFilter::isReserved).toList();
    reserved.forEach(headers::remove);
    String correlationId = headers.get(CORRELATION_HEADER);
    if (correlationId == null || !SAFE_CORRELATION_ID.matcher(correlationId).matches()) {
      correlationId = UUID.randomUUID().toString();
      headers.set(CORRELATION_HEADER, correlationId);
    }
    context.response().putHeader(CORRELATION_HEADER, correlationId);
    context.next();
  }

  static boolean isReserved(String headerName) {
    String lower = headerName.toLowerCase(Locale.ROOT);
    return RESERVED_PREFIXES.stream().anyMatch(lower::startsWith);
  }
}
