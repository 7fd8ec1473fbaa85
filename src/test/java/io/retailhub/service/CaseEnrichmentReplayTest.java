package io.retailhub.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.DeadLetters;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.it.ServiceDeskAgent;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A Kafka-sourced replay end to end (issue 8, replay tooling): a ticket.created event that meets a
 * service desk down (503) for longer than the flow's retry bound is dead-lettered by
 * case-enrichment with the record it consumed from {@code retail.servicedesk.events.v1}. Once the
 * desk answers again, the replay puts the record back on that topic and the ticket is enriched
 * exactly once.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class CaseEnrichmentReplayTest {
  /** A seed customer no other test class uses (ServiceCaseEnrichmentTest takes 60..62). */
  private static final int CUSTOMER_INDEX = 67;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject AgroalDataSource dataSource;

  @ConfigProperty(name = "hub.servicedesk.webhook-secret")
  String secret;

  private final ServiceDeskSimulator desk = SandboxTestResource.stack().serviceDesk();

  @Test
  void aDeadLetteredTicketEventIsEnrichedOnceAfterItsKafkaReplay() throws Exception {
    RetailSeed.Customer customer = RetailSeed.standard().customers().get(CUSTOMER_INDEX);
    knownCustomer(customer);
    long ticketId;
    String created;
    // the desk's own delivery is held back, so that the hub gets the event only once the desk is
    // refusing updates: no race between the fault and the hub
    desk.faults().dropWebhooks(true);
    try {
      ticketId =
          ServiceDeskAgent.createTicket(
              customer.zendeskUserId(),
              "Address change",
              "Can I still change my delivery address?");
      created = createdEvent(ticketId);
    } finally {
      desk.faults().dropWebhooks(false);
    }

    long entryId;
    // the desk is down (503) for longer than the flow's retry bound
    desk.faults().forcedStatus(503);
    try {
      Map<String, String> signature = ServiceDeskSimulator.sign(secret, created, Instant.now());
      given()
          .contentType("application/json")
          .headers(signature)
          .body(created)
          .when()
          .post("/webhooks/servicedesk/tickets")
          .then()
          .statusCode(202);
      entryId =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> deadLetterOf("zen:ticket:" + ticketId), id -> id > 0);
    } finally {
      desk.faults().forcedStatus(0);
    }
    JsonPath parked = DeadLetters.entry(entryId);
    assertThat(parked.getString("flow")).isEqualTo("case-enrichment");
    assertThat(parked.getString("failureKind")).isEqualTo("transient");
    assertThat(parked.getInt("attempts")).as("retried before it was parked").isGreaterThan(1);
    assertThat(parked.getString("replayUri")).isEqualTo("kafka:retail.servicedesk.events.v1");
    assertThat(goldenField(ticketId)).as("not enriched while the desk refused").isNull();

    DeadLetters.replay(entryId, "ops-dave").statusCode(202).body("status", equalTo("REPLAYED"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(goldenField(ticketId)).isEqualTo(customer.goldenId()));
    await().atMost(Duration.ofSeconds(10)).until(() -> enrichments(ticketId) == 1);
    assertThat(ServiceDeskAgent.internalNotes(ticketId)).hasSize(1);
    assertThat(DeadLetters.entry(entryId).getString("status")).isEqualTo("REPLAYED");
    assertThat(deadLettersOf("zen:ticket:" + ticketId)).as("nothing parked again").isEqualTo(1);
  }

  private String createdEvent(long ticketId) throws Exception {
    Map<String, Object> event =
        desk.sentWebhooks().stream()
            .filter(e -> ("zen:ticket:" + ticketId).equals(e.get("subject")))
            .filter(e -> "zen:event-type:ticket.created".equals(e.get("type")))
            .findFirst()
            .orElseThrow();
    return JSON.writeValueAsString(event);
  }

  private Object goldenField(long ticketId) {
    return ServiceDeskAgent.customField(desk.ticket(ticketId).orElseThrow(), 360004L);
  }

  private void knownCustomer(RetailSeed.Customer customer) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO customer_golden (golden_id, normalized_email) VALUES (?, ?)"
                    + " ON CONFLICT (golden_id) DO NOTHING")) {
      insert.setString(1, customer.goldenId());
      insert.setString(2, customer.email().trim().toLowerCase());
      insert.executeUpdate();
    }
  }

  private long enrichments(long ticketId) throws Exception {
    return count(
        "SELECT count(*) FROM service_case_enrichment WHERE ticket_id = ?",
        Long.toString(ticketId));
  }

  private long deadLetterOf(String subject) throws Exception {
    return count(
        "SELECT coalesce(min(id), 0) FROM dead_letter WHERE flow = 'case-enrichment'"
            + " AND position(? in convert_from(body, 'UTF8')) > 0",
        "\"" + subject + "\"");
  }

  private long deadLettersOf(String subject) throws Exception {
    return count(
        "SELECT count(*) FROM dead_letter WHERE flow = 'case-enrichment'"
            + " AND position(? in convert_from(body, 'UTF8')) > 0",
        "\"" + subject + "\"");
  }

  private long count(String sql, String parameter) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, parameter);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
