package io.retailhub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.KafkaTopics;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.it.TestRoutes;
import io.retailhub.ops.tracing.CorrelationMdc;
import io.retailhub.ops.tracing.ExclusionMemoTracer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;

/**
 * Correlation IDs and trace context on the real servers: in every log line a route writes, kept on
 * sends after a step removed all headers, and carried with W3C trace context from an HTTP call
 * through Kafka and Artemis to PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class CorrelationTracingTest {

  @Inject CamelContext camel;
  @Inject ProducerTemplate producer;
  @Inject AgroalDataSource dataSource;
  @Inject Tracer tracer;

  @Test
  void everyLogLineOfARouteNamesTheCorrelationAndTraceIds() throws Exception {
    String correlationId = "obs-" + UUID.randomUUID();
    List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext
                && String.valueOf(ext.getMessage()).contains("observability probe")) {
              ext.copyMdc();
              records.add(ext);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(Level.ALL);
    assertThat(camel.getCamelContextExtension().getInterceptStrategies())
        .as("the MDC strategy is applied to every route")
        .anyMatch(CorrelationMdc.class::isInstance);
    var root = LogContext.getLogContext().getLogger("");
    root.addHandler(capture);
    List<String> routeIds = List.of("observability-probe", "observability-probe-sink");
    try {
      TestRoutes.addAndStart(
          camel,
          new RouteBuilder() {
            @Override
            public void configure() {
              from("direct:observability-probe")
                  .routeId("observability-probe")
                  .routeGroup("observability-probe")
                  .log("observability probe received")
                  .removeHeaders("*")
                  .to("direct:observability-probe-sink");
              from("direct:observability-probe-sink")
                  .routeId("observability-probe-sink")
                  .routeGroup("observability-probe")
                  .log("observability probe sink saw ${header.X-Correlation-ID}");
            }
          });
      // flows start at a traced consumer (HTTP, Kafka, JMS); direct: hops make no spans of their
      // own, so this direct: entry runs inside its caller's span, as a flow's inner routes do
      Span caller = tracer.spanBuilder("observability probe caller").startSpan();
      try (Scope ignored = caller.makeCurrent()) {
        producer.sendBodyAndHeader(
            "direct:observability-probe", "{}", "X-Correlation-ID", correlationId);
      } finally {
        caller.end();
      }

      assertThat(records).hasSize(2);
      for (ExtLogRecord record : records) {
        assertThat(record.getMdc(CorrelationMdc.CORRELATION_ID_KEY))
            .as("correlation ID of %s", record.getMessage())
            .isEqualTo(correlationId);
        assertThat(record.getMdc(CorrelationMdc.TRACE_ID_KEY))
            .as("trace ID of %s", record.getMessage())
            .isEqualTo(caller.getSpanContext().getTraceId());
      }
      // removeHeaders("*") ran before the send; the ID was put back for the receiving endpoint
      assertThat(records.get(1).getFormattedMessage()).endsWith("saw " + correlationId);
    } finally {
      root.removeHandler(capture);
      for (String routeId : routeIds) {
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
      }
    }
  }

  @Test
  void traceparentAndCorrelationIdTravelFromHttpThroughKafkaAndArtemisToPostgres()
      throws Exception {
    assertThat(camel.hasService(ExclusionMemoTracer.class))
        .as("the tracer that remembers its exclusions is the one in use")
        .isNotNull();
    String correlationId = "obs-" + UUID.randomUUID();
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    String callerSpanId = HexFormat.of().formatHex(randomBytes(8));
    String heartbeatId =
        given()
            .header("Authorization", BearerTokens.bearer("ops:admin"))
            .header("X-Correlation-ID", correlationId)
            .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
            .when()
            .post("/api/v1/heartbeats")
            .then()
            .statusCode(202)
            .header("X-Correlation-ID", correlationId)
            .extract()
            .path("heartbeatId");

    ConsumerRecord<String, String> event = kafkaRecord("hub.heartbeat.v1", heartbeatId);
    assertThat(KafkaTopics.header(event, "X-Correlation-ID")).isEqualTo(correlationId);
    assertThat(KafkaTopics.header(event, "traceparent"))
        .as("the caller's trace continues on Kafka")
        .startsWith("00-" + traceId + "-")
        .doesNotContain(callerSpanId);

    String storedCorrelation =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> heartbeatCorrelation(heartbeatId), found -> found != null);
    assertThat(storedCorrelation)
        .as("the ID crossed Artemis as a JMS property")
        .isEqualTo(correlationId);
  }

  @Test
  void aRequestWithoutIdsGetsACorrelationIdAndANewTrace() {
    var response =
        given()
            .header("Authorization", BearerTokens.bearer("ops:admin"))
            .when()
            .post("/api/v1/heartbeats")
            .then()
            .statusCode(202)
            .extract();
    String correlationId = response.header("X-Correlation-ID");
    assertThat(correlationId).isNotBlank();

    ConsumerRecord<String, String> event =
        kafkaRecord("hub.heartbeat.v1", response.path("heartbeatId"));
    assertThat(KafkaTopics.header(event, "X-Correlation-ID")).isEqualTo(correlationId);
    assertThat(KafkaTopics.header(event, "traceparent"))
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new java.security.SecureRandom().nextBytes(bytes);
    bytes[0] |= 1; // never all zeros, which W3C trace context forbids
    return bytes;
  }

  private static ConsumerRecord<String, String> kafkaRecord(String topic, String key) {
    return KafkaTopics.awaitRecord(
        topic, candidate -> key.equals(candidate.key()), Duration.ofSeconds(60));
  }

  private String heartbeatCorrelation(String heartbeatId) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT correlation_id FROM heartbeat WHERE heartbeat_id = ?")) {
      query.setString(1, heartbeatId);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  /**
   * Without an OTLP endpoint configured (this profile sets none) the hub exports nothing and says
   * nothing about it, even for a caller that asks for its trace to be sampled: no export error, no
   * exporter warning in the log while several export intervals pass.
   */
  @Test
  void withoutAnEndpointNothingIsExportedAndNothingIsLogged() throws Exception {
    java.nio.file.Path log =
        java.nio.file.Path.of(
            org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.log.file.path", String.class));
    long start = java.nio.file.Files.size(log);
    String traceId = UUID.randomUUID().toString().replace("-", "");
    for (int i = 0; i < 3; i++) {
      given()
          .header("Authorization", BearerTokens.bearer("ops:admin"))
          .header("traceparent", "00-" + traceId + "-00f067aa0ba902b" + i + "-01")
          .when()
          .post("/api/v1/heartbeats")
          .then()
          .statusCode(202);
    }
    // the batch span processor exports every 5 s by default; watch two intervals
    await()
        .pollDelay(Duration.ofSeconds(1))
        .during(Duration.ofSeconds(11))
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              String added = readFrom(log, start).toLowerCase(java.util.Locale.ROOT);
              return !added.contains("failed to export")
                  && !added.contains("io.opentelemetry.exporter")
                  && !added.contains("otlp");
            });
  }

  private static String readFrom(java.nio.file.Path log, long offset) throws Exception {
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      byte[] bytes = new byte[(int) Math.max(0, length - offset)];
      file.seek(Math.min(offset, length));
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
