package io.retailhub.api;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The headers an API answer may carry; every other header of the exchange stays inside the hub.
 * Without it, platform-http answered with whatever headers the exchange held at the end: the
 * caller's own request headers and the hub's bookkeeping between steps, such as {@code HubActor}.
 * The routes' {@code removeHeaders} steps that guarded against this cost a regular expression
 * compilation per header and per request (docs/decisions/0054). Request headers come in as the HTTP
 * component's default strategy lets them.
 */
@ApplicationScoped
@Unremovable
@Named("apiResponseHeaders")
public class ApiResponseHeaders extends HttpHeaderFilterStrategy {

  static final Set<String> ANSWER_HEADERS = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    ANSWER_HEADERS.addAll(
        Set.of(
            "Content-Type",
            HttpEdgeFilter.CORRELATION_HEADER,
            "Retry-After",
            "Idempotent-Replayed",
            "Cache-Control",
            "Location"));
  }

  @Override
  public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
    return !ANSWER_HEADERS.contains(name);
  }
}
