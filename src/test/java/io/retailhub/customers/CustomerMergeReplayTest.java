package io.retailhub.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.DeadLetters;
import io.retailhub.it.KafkaTopics;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.seed.RetailSeed;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A customer change whose write to one platform is refused goes to the dead letters after the
 * writes before it were made; replayed once the cause is gone, it makes only the write left undone.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class CustomerMergeReplayTest {
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  /**
   * A seed customer no other test class uses; its desk user carries the golden ID (even seed
   * indexes), so the desk write updates it.
   */
  private static final RetailSeed.Customer CUSTOMER = RetailSeed.standard().customers().get(94);

  @Inject DataSource dataSource;

  @Test
  void aChangeDeadLetteredOnTheServiceDeskIsReplayedAndOnlyItsUndoneWriteIsMade() throws Exception {
    var stack = SandboxTestResource.stack();
    linkInErpAndSalesforce(CUSTOMER);
    String email = "replay-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String correlationId = "customer-replay-" + UUID.randomUUID();

    // the desk refuses every request as invalid: a business failure, not retried
    stack.serviceDesk().faults().forcedStatus(422);
    Map<String, Object> deadLetter;
    try {
      publishSalesforceEmailChange(CUSTOMER, email, correlationId);
      deadLetter =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> deadLetterOf(correlationId), entry -> entry != null);
    } finally {
      stack.serviceDesk().faults().forcedStatus(0);
    }
    assertThat(deadLetter.get("status")).isEqualTo("OPEN");
    assertThat(erpPartnerWrites())
        .as("the ERP write, planned before the refused desk write, was made")
        .isEqualTo(1);
    assertThat(stack.serviceDesk().userByEmail(email)).isEmpty();

    DeadLetters.replay(((Number) deadLetter.get("id")).longValue(), "ops-replayer")
        .statusCode(202)
        .body("status", equalTo("REPLAYED"));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> stack.serviceDesk().userByEmail(email).isPresent());
    assertThat(stack.serviceDesk().userByEmail(email).orElseThrow().get("external_id"))
        .isEqualTo(CUSTOMER.goldenId());
    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(erpPartnerWrites())
                    .as("the write made before the failure is not made again")
                    .isEqualTo(1));
    assertThat(deadLetterOf(correlationId).get("status")).isEqualTo("REPLAYED");
  }

  private void linkInErpAndSalesforce(RetailSeed.Customer customer) throws Exception {
    try (var connection = dataSource.getConnection()) {
      for (String sql :
          List.of(
              "INSERT INTO customer_golden (golden_id, normalized_email) VALUES (?, ?)",
              "INSERT INTO customer_xref (golden_id, platform, platform_id, linked_by)"
                  + " VALUES (?, 'erp', ?, 'test')",
              "INSERT INTO customer_xref (golden_id, platform, platform_id, linked_by)"
                  + " VALUES (?, 'salesforce', ?, 'test')")) {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
          insert.setString(1, customer.goldenId());
          insert.setString(
              2,
              sql.contains("normalized_email")
                  ? customer.email().toLowerCase()
                  : sql.contains("'erp'")
                      ? customer.erpBusinessPartner()
                      : customer.salesforceContactId());
          insert.executeUpdate();
        }
      }
    }
  }

  /** A canonical e-mail change from Salesforce (shared: the ERP and the desk receive it). */
  private static void publishSalesforceEmailChange(
      RetailSeed.Customer customer, String email, String correlationId) throws Exception {
    Map<String, Object> change =
        Map.of(
            "goldenId", customer.goldenId(),
            "source", "salesforce",
            "sourceRecordId", customer.salesforceContactId(),
            "sourceTimestamp", Instant.now().toString(),
            "attributes", Map.of("email", email));
    ProducerRecord<String, String> record =
        new ProducerRecord<>(
            "retail.customer.v1", customer.goldenId(), JSON.writeValueAsString(change));
    record.headers().add("X-Correlation-ID", correlationId.getBytes(StandardCharsets.UTF_8));
    try (KafkaProducer<String, String> producer = KafkaTopics.producer()) {
      producer.send(record).get();
    }
  }

  /** Writes to the customer's ERP partner: only this test changes it. */
  private static long erpPartnerWrites() {
    return SandboxTestResource.stack().erp().journal().stream()
        .filter(entry -> !entry.method().equals("GET"))
        .filter(entry -> entry.path().contains(CUSTOMER.erpBusinessPartner()))
        .count();
  }

  private static Map<String, Object> deadLetterOf(String correlationId) {
    return DeadLetters.ofFlow("customer-merge", correlationId).stream().findFirst().orElse(null);
  }
}
