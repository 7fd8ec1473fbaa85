package io.retailhub.ops.tracing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;

/**
 * Camel's OpenTelemetry tracer, deciding once per endpoint URI whether that endpoint gets spans.
 * Camel 4.17 decides again on every sending and sent event: it resolves the URI's placeholders,
 * normalises it and compiles every exclude pattern as a regular expression. That was a tenth of the
 * hub's CPU per inventory lookup (docs/decisions/0054). The answer for one URI cannot change while
 * the patterns stay the same, so it is kept, for at most {@link #MOST_URIS_REMEMBERED} URIs: a
 * dynamic endpoint (a URI built per message) must not grow the map without end.
 */
public class ExclusionMemoTracer extends OpenTelemetryTracer {

  static final int MOST_URIS_REMEMBERED = 4096;

  private final Map<String, Boolean> excludedByUri = new ConcurrentHashMap<>();

  @Override
  public boolean exclude(String endpointUri, CamelContext camelContext) {
    if (endpointUri == null) {
      return super.exclude(null, camelContext);
    }
    Boolean known = excludedByUri.get(endpointUri);
    if (known != null) {
      return known;
    }
    boolean excluded = super.exclude(endpointUri, camelContext);
    if (excludedByUri.size() < MOST_URIS_REMEMBERED) {
      excludedByUri.put(endpointUri, excluded);
    }
    return excluded;
  }

  @Override
  public void setExcludePatterns(String excludePatterns) {
    super.setExcludePatterns(excludePatterns);
    excludedByUri.clear();
  }
}
