package io.retailhub.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The foundation's end-to-end flow on the real servers: HTTP -> canonical event on Kafka -> command
 * on Artemis -> row in PostgreSQL, each hop asserted where it lands.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ProofOfLifeTest {

  @Inject AgroalDataSource dataSource;

  @Test
  void aHeartbeatTravelsThroughEveryLayer() throws Exception {
    String correlationId = "it-" + UUID.randomUUID();
    String heartbeatId =
        given()
            .header("X-Correlation-ID", correlationId)
            .header("Authorization", BearerTokens.bearer("ops:admin"))
            .when()
            .post("/api/v1/heartbeats")
            .then()
            .statusCode(202)
            .body("status", equalTo("ACCEPTED"))
            .body("heartbeatId", notNullValue())
            .extract()
            .path("heartbeatId");

    // hop 1: the canonical event on Kafka, keyed by its entity, with CloudEvents headers
    ConsumerRecord<String, String> event =
        KafkaTopics.awaitRecord(
            "hub.heartbeat.v1",
            candidate -> heartbeatId.equals(candidate.key()),
            Duration.ofSeconds(60));
    assertThat(event.value()).contains(heartbeatId);
    assertThat(KafkaTopics.header(event, "ce_type")).isEqualTo("retail.hub.heartbeat.v1");
    assertThat(KafkaTopics.header(event, "X-Correlation-ID")).isEqualTo(correlationId);

    // hops 2 and 3: the Artemis command was consumed and the row is in PostgreSQL
    Map<String, String> row =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> heartbeatRow(heartbeatId), found -> found != null);
    assertThat(row).containsEntry("correlation_id", correlationId);
  }

  private Map<String, String> heartbeatRow(String heartbeatId) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT correlation_id FROM heartbeat WHERE heartbeat_id = ?")) {
      query.setString(1, heartbeatId);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Map.of("correlation_id", rows.getString(1)) : null;
      }
    }
  }
}
