package io.retailhub.ops;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What an operator sets to export traces: an OTLP collector endpoint (here a stub receiving
 * OTLP/HTTP protobuf on {@code /v1/traces}) and a sampler ratio of 1.
 */
public class OtlpCollectorProfile implements QuarkusTestProfile {

  /** The bodies of the export requests the stub collector received, in order. */
  static final List<byte[]> EXPORTS = new CopyOnWriteArrayList<>();

  private static HttpServer collector;

  static synchronized int collectorPort() {
    if (collector == null) {
      try {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      collector.createContext(
          "/v1/traces",
          exchange -> {
            try (exchange) {
              EXPORTS.add(exchange.getRequestBody().readAllBytes());
              // an empty ExportTraceServiceResponse: everything accepted
              exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
              exchange.sendResponseHeaders(200, -1);
            }
          });
      collector.start();
    }
    return collector.getAddress().getPort();
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + collectorPort(),
        "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
        "quarkus.otel.traces.sampler.arg", "1.0",
        "quarkus.otel.bsp.schedule.delay", "200ms");
  }
}
