package io.retailhub.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.it.ServiceDeskAgent;
import io.retailhub.orders.OrderFixtures;
import io.retailhub.sandbox.erp.ErpSimulator.DeliveryView;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import io.retailhub.sandbox.support.SimulatorServer.JournalEntry;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ticket enrichment end to end: a ticket is created in the service desk simulator, its signed
 * webhook goes through the hub's intake to Kafka, and the case-enrichment flow reads the ERP and
 * the hub's stores and updates the ticket. Everything is asserted on what the simulators hold and
 * journalled.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ServiceCaseEnrichmentTest {
  /** Seed customers 60..69 belong to this class (other classes use low indexes or 80+). */
  private static final AtomicInteger NEXT_CUSTOMER = new AtomicInteger(60);

  @Inject AgroalDataSource dataSource;

  private OrderFixtures fixtures;
  private final ServiceDeskSimulator desk = SandboxTestResource.stack().serviceDesk();

  @BeforeEach
  void fixtures() throws Exception {
    fixtures = new OrderFixtures(dataSource);
  }

  /** Submits a ship-to-home order for the customer and returns {hubOrderId, erpOrderNumber}. */
  private Map<String, String> submittedOrder(String goldenId, String sku) {
    Map<String, Object> body =
        new LinkedHashMap<>(
            OrderFixtures.order(
                "ship_to_home", OrderFixtures.knownBusinessPartner(), Map.of(sku, 2L)));
    body.put("customerGoldenId", goldenId);
    var answer =
        given()
            .header("Authorization", BearerTokens.bearer("orders:write"))
            .header("Idempotency-Key", "case-" + UUID.randomUUID())
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/orders")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    return Map.of(
        "hubOrderId", answer.getString("hubOrderId"),
        "erpOrderNumber", answer.getString("erpOrderNumber"));
  }

  private List<JournalEntry> ticketUpdates(long ticketId) {
    return desk.journal().stream()
        .filter(entry -> entry.method().equals("PUT"))
        .filter(entry -> entry.path().equals("/api/v2/tickets/" + ticketId + ".json"))
        .toList();
  }

  /** Whether the case-enrichment flow has consumed every webhook the ticket caused so far. */
  private boolean everyEventOfTheTicketConsumed(long ticketId) throws Exception {
    List<String> eventIds =
        desk.sentWebhooks().stream()
            .filter(event -> ("zen:ticket:" + ticketId).equals(event.get("subject")))
            .map(event -> (String) event.get("id"))
            .toList();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'case-enrichment'"
                    + " AND messageId = ANY (?)")) {
      select.setArray(1, connection.createArrayOf("varchar", eventIds.toArray()));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1) == eventIds.size();
      }
    }
  }

  private long auditRecords(String entityKey) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM audit_record WHERE entity_key = ? AND action = 'ticket.enrich'"
                    + " AND target = 'servicedesk'")) {
      select.setString(1, entityKey);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** The status and shipment the service-desk propagation applied: "STATUS shipment". */
  private String serviceDeskApplied(String hubOrderId) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT status, shipment_id FROM order_sync_state WHERE hub_order_id = ?"
                    + " AND target = 'servicedesk'")) {
      select.setString(1, hubOrderId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) + " " + row.getString(2) : null;
      }
    }
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

  @Test
  void aTicketNamingTheErpOrderNumberGetsStatusLinesTrackingAndTheCustomerOnce() throws Exception {
    String goldenId = "GC-CASE-" + UUID.randomUUID();
    String sku = fixtures.material(Map.of("WH01", 10L));
    Map<String, String> order = submittedOrder(goldenId, sku);
    String erpOrderNumber = order.get("erpOrderNumber");
    DeliveryView delivery = SandboxTestResource.stack().erp().createDelivery(erpOrderNumber, "DHL");
    // the shipment's and the status change's own propagation find no ticket yet; had they come
    // after the enrichment linked the ticket, each would rightly add its own note and update, and
    // this test counts the enrichment's
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ("delivered " + delivery.deliveryDocument())
                    .equals(serviceDeskApplied(order.get("hubOrderId"))));
    RetailSeed.Customer requester =
        RetailSeed.standard().customers().get(NEXT_CUSTOMER.getAndIncrement());

    long ticketId =
        ServiceDeskAgent.createTicket(
            requester.zendeskUserId(),
            "Where is my parcel?",
            "Hello, my order " + erpOrderNumber + " has not arrived yet.");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Map<String, Object> ticket = desk.ticket(ticketId).orElseThrow();
              assertThat(ServiceDeskAgent.customField(ticket, 360001L)).isEqualTo(erpOrderNumber);
              assertThat(ServiceDeskAgent.customField(ticket, 360002L)).isEqualTo("DELIVERED");
              assertThat(ServiceDeskAgent.customField(ticket, 360003L))
                  .isEqualTo(delivery.trackingNumber());
              assertThat(ServiceDeskAgent.customField(ticket, 360004L)).isEqualTo(goldenId);
            });
    List<Map<String, Object>> notes = ServiceDeskAgent.internalNotes(ticketId);
    assertThat(notes).hasSize(1);
    assertThat((String) notes.get(0).get("body"))
        .contains(order.get("hubOrderId"), erpOrderNumber, sku, delivery.trackingNumber(), goldenId)
        .contains("DELIVERED");

    // one correlation ID from the ticket webhook through the ERP reads to the ticket update
    List<JournalEntry> updates = ticketUpdates(ticketId);
    assertThat(updates).hasSize(1);
    String correlationId = updates.get(0).headers().get("x-correlation-id");
    assertThat(correlationId).isNotBlank();
    assertThat(SandboxTestResource.stack().erp().journal())
        .filteredOn(entry -> entry.path().contains("A_OutbDeliveryItem"))
        .filteredOn(entry -> correlationId.equals(entry.headers().get("x-correlation-id")))
        .isNotEmpty();
    // the audit record is written right after the ticket update returns
    await().atMost(Duration.ofSeconds(10)).until(() -> auditRecords("ticket:" + ticketId) == 1);

    // the hub's own update comes back as comment and field events: consumed, and nothing more
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                desk.sentWebhooks().stream()
                        .filter(event -> ("zen:ticket:" + ticketId).equals(event.get("subject")))
                        .count()
                    > 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> everyEventOfTheTicketConsumed(ticketId));
    assertThat(ticketUpdates(ticketId)).hasSize(1);
    assertThat(ServiceDeskAgent.internalNotes(ticketId)).hasSize(1);
  }

  @Test
  void aTicketFromAKnownCustomersEmailGetsTheNewestOrder() throws Exception {
    RetailSeed.Customer customer =
        RetailSeed.standard().customers().get(NEXT_CUSTOMER.getAndIncrement());
    knownCustomer(customer);
    String sku = fixtures.material(Map.of("WH01", 10L));
    submittedOrder(customer.goldenId(), sku);
    Map<String, String> newest = submittedOrder(customer.goldenId(), sku);

    long ticketId =
        ServiceDeskAgent.createTicket(
            customer.zendeskUserId(), "Question", "Can I still change my address?");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Map<String, Object> ticket = desk.ticket(ticketId).orElseThrow();
              assertThat(ServiceDeskAgent.customField(ticket, 360004L))
                  .isEqualTo(customer.goldenId());
              assertThat(ServiceDeskAgent.customField(ticket, 360001L))
                  .isEqualTo(newest.get("erpOrderNumber"));
              assertThat(ServiceDeskAgent.customField(ticket, 360002L)).isEqualTo("CONFIRMED");
            });
    assertThat(ServiceDeskAgent.internalNotes(ticketId))
        .singleElement()
        .satisfies(
            note ->
                assertThat((String) note.get("body"))
                    .contains(newest.get("hubOrderId"), "Shipments: none yet"));
  }

  @Test
  void aTicketWithNeitherAnOrderNorAKnownEmailIsLeftAlone() throws Exception {
    // a service desk user the hub has no customer record for; the 7 digits are no ERP order
    RetailSeed.Customer stranger =
        RetailSeed.standard().customers().get(NEXT_CUSTOMER.getAndIncrement());
    long ticketId =
        ServiceDeskAgent.createTicket(
            stranger.zendeskUserId(),
            "General question",
            "Do you sell gift cards? Quantity 9876543 please.");

    await().atMost(Duration.ofSeconds(20)).until(() -> everyEventOfTheTicketConsumed(ticketId));
    assertThat(ticketUpdates(ticketId)).isEmpty();
    assertThat(ServiceDeskAgent.internalNotes(ticketId)).isEmpty();
    assertThat(Objects.requireNonNull(desk.ticket(ticketId).orElseThrow()).get("custom_fields"))
        .asList()
        .allSatisfy(f -> assertThat(((Map<?, ?>) f).get("value")).isNull());
  }
}
