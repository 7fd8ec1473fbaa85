package io.retailhub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With an OTLP endpoint configured and the sampler on, the spans of the Camel routes reach the
 * collector: a heartbeat through the proof-of-life routes (HTTP, Kafka, Artemis) is exported with
 * its trace ID, the one the caller's W3C traceparent named. (Silence without an endpoint is checked
 * in {@link CorrelationTracingTest}, which runs the default configuration.)
 */
@QuarkusTest
@TestProfile(OtlpCollectorProfile.class)
@QuarkusTestResource(SandboxTestResource.class)
class OtlpTraceExportTest {

  @Test
  void routeSpansOfATracedRequestAreExportedOverOtlp() {
    String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
    given()
        .header("Authorization", BearerTokens.bearer("ops:admin"))
        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
        .when()
        .post("/api/v1/heartbeats")
        .then()
        .statusCode(202);

    byte[] traceIdBytes = java.util.HexFormat.of().parseHex(traceId);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              String exported = exportedText();
              // protobuf keeps strings and the 16 trace-ID bytes verbatim
              assertThat(containsBytes(traceIdBytes)).as("a span of trace %s", traceId).isTrue();
              // spans of the Camel routes (named by endpoint), not only of the HTTP server: the
              // REST entry (naming its route), the Kafka hop and the Artemis hop of the heartbeat
              assertThat(exported)
                  .contains("rest://post:/api/v1/heartbeats")
                  .contains("routeId=proof-of-life-post")
                  .contains("kafka://hub.heartbeat.v1")
                  .contains("jms://queue:hub.heartbeat.record");
            });
  }

  private static String exportedText() {
    StringBuilder text = new StringBuilder();
    for (byte[] body : OtlpCollectorProfile.EXPORTS) {
      text.append(new String(body, StandardCharsets.ISO_8859_1));
    }
    return text.toString();
  }

  private static boolean containsBytes(byte[] needle) {
    for (byte[] body : OtlpCollectorProfile.EXPORTS) {
      outer:
      for (int i = 0; i + needle.length <= body.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (body[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
    }
    return false;
  }
}
