package io.retailhub.orders;

import static io.restassured.RestAssured.given;
import static io.retailhub.orders.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.DeadLetters;
import io.retailhub.it.KafkaTopics;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.erp.ErpBusinessEvents;
import io.retailhub.sandbox.erp.ErpSimulator;
import io.retailhub.sandbox.salesforce.SalesforceSimulator;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import io.retailhub.sandbox.support.SimulatorServer.JournalEntry;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ERP order progress to Salesforce and the service desk, end to end: the ERP simulator emits its
 * own signed SalesOrder.Changed / OutboundDelivery.Created events (driven through its admin API),
 * the hub maps them to canonical events on Kafka and its two writers update the Salesforce Order
 * and every open ticket linked to the order. Assertions are on what the simulators hold and
 * journalled, on Kafka and on the audit table.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class OrderStatusPropagationTest {
  private static final Duration PROPAGATION = Duration.ofSeconds(60);
  private static final String STATUS_TOPIC = "retail.order.status.v1";
  private static final String SHIPMENT_TOPIC = "retail.shipment.v1";

  /** A seed customer whose Salesforce Account carries its golden ID (every other one does). */
  private static final RetailSeed.Customer CUSTOMER = RetailSeed.standard().customers().get(60);

  @Inject AgroalDataSource dataSource;
  @Inject MeterRegistry registry;

  private OrderFixtures fixtures;
  private final SalesforceSimulator salesforce = SandboxTestResource.stack().salesforce();
  private final ServiceDeskSimulator serviceDesk = SandboxTestResource.stack().serviceDesk();

  private record SubmittedOrder(String hubOrderId, String erpOrderNumber, String correlationId) {}

  @BeforeEach
  void fixtures() throws Exception {
    fixtures = new OrderFixtures(dataSource);
  }

  @Test
  void statusChangesAndTheShipmentReachSalesforceAndEveryOpenTicket() throws Exception {
    SubmittedOrder order = submitOrder();
    long openTicket = ticket(order.erpOrderNumber(), "open");
    long solvedTicket = ticket(order.erpOrderNumber(), "solved");

    // the ERP's own SalesOrder.Changed at creation creates the Salesforce Order
    awaitSalesforceOrder(order, "Confirmed");
    Map<String, Object> created = salesforceOrder(order.hubOrderId());
    assertThat(created.get("ERP_Order_Number__c")).isEqualTo(order.erpOrderNumber());
    assertThat(created.get("AccountId")).isEqualTo(CUSTOMER.salesforceAccountId());

    erpAdmin("/__admin/sales-orders/" + order.erpOrderNumber() + "/status", "{\"status\":\"B\"}");
    awaitSalesforceOrder(order, "Shipped");
    await()
        .atMost(PROPAGATION)
        .untilAsserted(
            () -> {
              assertThat(field(openTicket, ServiceDeskSimulator.ORDER_STATUS_FIELD))
                  .isEqualTo("shipped");
              assertThat(internalNotes(openTicket))
                  .anyMatch(note -> note.contains("status is now shipped"));
            });

    JsonPath delivery =
        JsonPath.from(
            erpAdmin(
                "/__admin/deliveries",
                "{\"salesOrder\":\"%s\",\"carrier\":\"DHL\"}".formatted(order.erpOrderNumber())));
    String tracking = delivery.getString("trackingNumber");
    assertThat(tracking).isNotBlank();
    await()
        .atMost(PROPAGATION)
        .untilAsserted(
            () -> {
              Map<String, Object> shipped = salesforceOrder(order.hubOrderId());
              assertThat(shipped.get("Tracking_Number__c")).isEqualTo(tracking);
              // the delivery completes the order in the ERP (OverallSDProcessStatus C)
              assertThat(shipped.get("Status")).isEqualTo("Delivered");
              assertThat(field(openTicket, ServiceDeskSimulator.TRACKING_NUMBER_FIELD))
                  .isEqualTo(tracking);
              assertThat(field(openTicket, ServiceDeskSimulator.ORDER_STATUS_FIELD))
                  .isEqualTo("delivered");
              assertThat(internalNotes(openTicket))
                  .anyMatch(note -> note.contains("with DHL, tracking number " + tracking));
            });
    assertThat(field(openTicket, ServiceDeskSimulator.ORDER_NUMBER_FIELD))
        .isEqualTo(order.erpOrderNumber());
    // a solved ticket is history: only the customer's first comment, no fields from the hub
    assertThat(serviceDesk.comments(solvedTicket)).hasSize(1);
    assertThat(field(solvedTicket, ServiceDeskSimulator.ORDER_STATUS_FIELD)).isNull();

    // canonical events on Kafka, keyed by the hub order ID, with the order's correlation ID
    ConsumerRecord<String, String> statusEvent =
        KafkaTopics.awaitRecord(
            STATUS_TOPIC,
            record ->
                order.hubOrderId().equals(record.key()) && record.value().contains("\"shipped\""),
            PROPAGATION);
    assertThat(KafkaTopics.header(statusEvent, "ce_type"))
        .isEqualTo("retail.order.status.changed.v1");
    assertThat(KafkaTopics.header(statusEvent, "ce_correlationid"))
        .isEqualTo(order.correlationId());
    ConsumerRecord<String, String> shipmentEvent =
        KafkaTopics.awaitRecord(
            SHIPMENT_TOPIC, record -> order.hubOrderId().equals(record.key()), PROPAGATION);
    assertThat(KafkaTopics.header(shipmentEvent, "ce_type"))
        .isEqualTo("retail.shipment.created.v1");
    assertThat(
            CanonicalJson.mapper().readTree(shipmentEvent.value()).path("trackingNumber").asText())
        .isEqualTo(tracking);

    // every platform write carries the order's correlation ID and left an audit record
    List<JournalEntry> upserts = salesforceUpserts(order.hubOrderId());
    assertThat(upserts).hasSizeGreaterThanOrEqualTo(3);
    assertThat(upserts)
        .allSatisfy(
            upsert ->
                assertThat(upsert.headers().get("x-sfdc-correlation-id"))
                    .isEqualTo(order.correlationId()));
    // the ticket's own creation also got it enriched once (case-enrichment, its own transaction)
    List<JournalEntry> ticketUpdates =
        ticketUpdates(openTicket).stream()
            .filter(update -> !update.body().contains("Order context from the Retail"))
            .toList();
    assertThat(ticketUpdates).hasSizeGreaterThanOrEqualTo(3);
    assertThat(ticketUpdates)
        .allSatisfy(
            update ->
                assertThat(update.headers().get("x-correlation-id"))
                    .isEqualTo(order.correlationId()));
    assertThat(ticketUpdates(solvedTicket)).isEmpty();
    assertThat(auditCount(order.hubOrderId(), "salesforce", order.correlationId()))
        .isEqualTo(upserts.size());
    assertThat(auditCount(order.hubOrderId(), "servicedesk", order.correlationId()))
        .isEqualTo(ticketUpdates.size());
  }

  /**
   * Issue 9's trace test: an order submitted while the ERP is down waits on Artemis, is created
   * when the ERP returns and its status reaches Salesforce through Kafka; one correlation ID, the
   * API caller's, is on every hop.
   */
  @Test
  void oneCorrelationIdFollowsAnOrderFromTheApiThroughArtemisAndKafkaToSalesforce()
      throws Exception {
    String sku = fixtures.material(Map.of("WH01", 10L));
    Map<String, Object> body =
        order("ship_to_home", CUSTOMER.erpBusinessPartner(), Map.of(sku, 1L));
    body.put("customerGoldenId", CUSTOMER.goldenId());
    String correlationId = "it-journey-" + UUID.randomUUID();
    String hubOrderId;
    SandboxTestResource.stack().erp().faults().outage(true);
    try {
      hubOrderId =
          given()
              .header("Authorization", BearerTokens.bearer("orders:write"))
              .header("Idempotency-Key", "journey-" + UUID.randomUUID())
              .header("X-Correlation-ID", correlationId)
              .contentType(ContentType.JSON)
              .body(body)
              .post("/api/v1/orders")
              .then()
              .statusCode(202)
              .header("X-Correlation-ID", correlationId)
              .extract()
              .jsonPath()
              .getString("hubOrderId");
    } finally {
      SandboxTestResource.stack().erp().faults().outage(false);
    }

    // Artemis: only the pending-ERP queue's consumer creates an order that was answered 202
    await()
        .atMost(Duration.ofSeconds(150))
        .untilAsserted(
            () ->
                assertThat(OrderFixtures.salesOrderPosts(correlationId))
                    .anySatisfy(post -> assertThat(post.status()).isEqualTo(201)));
    String erpOrderNumber =
        await()
            .atMost(PROPAGATION)
            .until(
                () -> fixtures.hubOrder(hubOrderId).get("erp_order_number"),
                number -> number != null);
    SubmittedOrder order = new SubmittedOrder(hubOrderId, erpOrderNumber, correlationId);

    // Kafka: the ERP's status event, re-keyed by hub order, carries the API caller's ID
    ConsumerRecord<String, String> statusEvent =
        KafkaTopics.awaitRecord(
            STATUS_TOPIC, record -> hubOrderId.equals(record.key()), PROPAGATION);
    assertThat(KafkaTopics.header(statusEvent, "ce_correlationid")).isEqualTo(correlationId);

    // Salesforce: every write for the order carries it (camel-salesforce forwards X-SFDC-*)
    awaitSalesforceOrder(order, "Confirmed");
    assertThat(salesforceUpserts(hubOrderId))
        .isNotEmpty()
        .allSatisfy(
            upsert ->
                assertThat(upsert.headers().get("x-sfdc-correlation-id")).isEqualTo(correlationId));
    assertThat(auditCount(hubOrderId, "salesforce", correlationId))
        .isEqualTo(salesforceUpserts(hubOrderId).size());
    // the ERP create by the pending-ERP consumer is audited with the caller's correlation ID
    assertThat(erpCreateAudit(hubOrderId))
        .anySatisfy(
            item -> {
              assertThat(item.get("actor")).isEqualTo("hub:order-pending-erp");
              assertThat(item.get("outcome")).isEqualTo("CREATED");
              assertThat(item.get("correlationId")).isEqualTo(correlationId);
              assertThat(String.valueOf(item.get("detail"))).contains(erpOrderNumber);
            });
  }

  /** The audit records of ERP sales order creates of a hub order, through GET /ops/v1/audit. */
  private static List<Map<String, Object>> erpCreateAudit(String hubOrderId) {
    List<Map<String, Object>> items =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .queryParam("entityKey", hubOrderId)
            .get("/ops/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");
    return items.stream()
        .filter(item -> "order.erp-create".equals(item.get("action")))
        .filter(item -> "erp".equals(item.get("target")))
        .toList();
  }

  /**
   * Issue 9's SLA alerts (k8s/base/prometheusrule.yaml) name flows by a {@code flow} label; after
   * an order is confirmed, changes status and ships, every such flow has its latency histogram and
   * its SLA target on /q/metrics, and the status and shipment histograms counted this order's
   * writes, so no alert rule waits on a series that is never emitted.
   */
  @Test
  void everyFlowAnSlaAlertNamesHasALatencySeriesAfterOrderTraffic() throws Exception {
    long statusBefore = latencyCount(io.retailhub.orders.status.OrderStatusPropagation.STATUS_FLOW);
    long shipmentBefore =
        latencyCount(io.retailhub.orders.status.OrderStatusPropagation.SHIPMENT_FLOW);
    SubmittedOrder order = submitOrder();
    // the direct ERP create is audited with the API caller's correlation ID
    assertThat(erpCreateAudit(order.hubOrderId()))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.get("actor")).isEqualTo("hub:order-submission");
              assertThat(item.get("outcome")).isEqualTo("CREATED");
              assertThat(item.get("correlationId")).isEqualTo(order.correlationId());
            });
    awaitSalesforceOrder(order, "Confirmed");
    erpAdmin("/__admin/sales-orders/" + order.erpOrderNumber() + "/status", "{\"status\":\"B\"}");
    awaitSalesforceOrder(order, "Shipped");
    String tracking =
        JsonPath.from(
                erpAdmin(
                    "/__admin/deliveries",
                    "{\"salesOrder\":\"%s\",\"carrier\":\"DHL\"}"
                        .formatted(order.erpOrderNumber())))
            .getString("trackingNumber");
    await()
        .atMost(PROPAGATION)
        .until(
            () -> tracking.equals(salesforceOrder(order.hubOrderId()).get("Tracking_Number__c")));

    assertThat(latencyCount(io.retailhub.orders.status.OrderStatusPropagation.STATUS_FLOW))
        .as("status updates written to Salesforce")
        .isGreaterThanOrEqualTo(statusBefore + 2);
    assertThat(latencyCount(io.retailhub.orders.status.OrderStatusPropagation.SHIPMENT_FLOW))
        .as("shipment updates written to Salesforce")
        .isGreaterThan(shipmentBefore);

    String rules =
        java.nio.file.Files.readString(java.nio.file.Path.of("k8s/base/prometheusrule.yaml"));
    java.util.Set<String> alertFlows = new java.util.TreeSet<>();
    java.util.regex.Matcher label =
        java.util.regex.Pattern.compile("flow(=~?)\"([^\"]+)\"").matcher(rules);
    while (label.find()) {
      alertFlows.addAll(List.of(label.group(2).split("\\|")));
    }
    assertThat(alertFlows).contains("order-submission", "order-status", "shipment-update");
    String metrics =
        given()
            .header("Authorization", BearerTokens.bearer("ops:read"))
            .get(managementUrl("/q/metrics"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    for (String flow : alertFlows) {
      assertThat(metrics)
          .as("latency histogram of flow %s", flow)
          .containsPattern("hub_flow_latency_seconds_count\\{[^}]*flow=\"" + flow + "\"");
      assertThat(metrics)
          .as("SLA target of flow %s", flow)
          .containsPattern("hub_flow_sla_seconds\\{[^}]*flow=\"" + flow + "\"");
    }
  }

  private long latencyCount(String flow) {
    io.micrometer.core.instrument.Timer timer =
        registry.find("hub.flow.latency").tag("flow", flow).timer();
    return timer == null ? 0 : timer.count();
  }

  private static String managementUrl(String path) {
    var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
    int port = config.getValue("quarkus.management.test-port", Integer.class);
    if (port == 0) {
      port = config.getValue("quarkus.management.port", Integer.class);
    }
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void anOlderStatusArrivingLateNeverOverwritesTheNewerOne() throws Exception {
    SubmittedOrder order = submitOrder();
    long openTicket = ticket(order.erpOrderNumber(), "open");
    awaitSalesforceOrder(order, "Confirmed");
    erpAdmin("/__admin/sales-orders/" + order.erpOrderNumber() + "/status", "{\"status\":\"B\"}");
    awaitSalesforceOrder(order, "Shipped");
    erpAdmin("/__admin/sales-orders/" + order.erpOrderNumber() + "/status", "{\"status\":\"C\"}");
    awaitSalesforceOrder(order, "Delivered");
    await()
        .atMost(PROPAGATION)
        .until(
            () -> "delivered".equals(field(openTicket, ServiceDeskSimulator.ORDER_STATUS_FIELD)));
    int notesBefore = internalNotes(openTicket).size();
    int upsertsBefore = salesforceUpserts(order.hubOrderId()).size();
    double salesforceStale = staleStatusEvents("salesforce");
    double serviceDeskStale = staleStatusEvents("servicedesk");

    // the ERP's "partially processed" event again, arriving after "completely processed": same
    // data and ChangeSequence, a new event ID (as from a second delivery path), signed by the ERP
    JsonNode shippedEvent = erpSalesOrderEvent(order.erpOrderNumber(), "B");
    String late = lateSalesOrderEvent(order.erpOrderNumber(), shippedEvent);
    given()
        .contentType(ErpBusinessEvents.CONTENT_TYPE)
        .headers(ErpBusinessEvents.sign(erpWebhookSecret(), late, Clock.systemUTC()))
        .body(late)
        .post("/webhooks/erp/events")
        .then()
        .statusCode(202);

    await()
        .atMost(PROPAGATION)
        .untilAsserted(
            () -> {
              assertThat(staleStatusEvents("salesforce")).isGreaterThan(salesforceStale);
              assertThat(staleStatusEvents("servicedesk")).isGreaterThan(serviceDeskStale);
            });
    assertThat(salesforceOrder(order.hubOrderId()).get("Status")).isEqualTo("Delivered");
    assertThat(salesforceUpserts(order.hubOrderId())).hasSize(upsertsBefore);
    assertThat(field(openTicket, ServiceDeskSimulator.ORDER_STATUS_FIELD)).isEqualTo("delivered");
    assertThat(internalNotes(openTicket)).hasSize(notesBefore);
    // and the late event did travel: it is on the canonical topic with the old sequence
    KafkaTopics.awaitRecord(
        STATUS_TOPIC,
        record ->
            order.hubOrderId().equals(record.key())
                && record
                    .value()
                    .contains("\"sourceSequence\":" + shippedEvent.path("ChangeSequence").asText()),
        PROPAGATION);
  }

  @Test
  void aRedeliveredEventIsAppliedOnlyOnce() throws Exception {
    SubmittedOrder order = submitOrder();
    long openTicket = ticket(order.erpOrderNumber(), "open");
    awaitSalesforceOrder(order, "Confirmed");
    erpAdmin("/__admin/sales-orders/" + order.erpOrderNumber() + "/status", "{\"status\":\"B\"}");
    awaitSalesforceOrder(order, "Shipped");
    await()
        .atMost(PROPAGATION)
        .until(() -> "shipped".equals(field(openTicket, ServiceDeskSimulator.ORDER_STATUS_FIELD)));

    // as after a crash between the writes and the offset commit: the same records once more,
    // both the forwarded ERP event and the canonical one
    ConsumerRecord<String, String> erpRecord =
        KafkaTopics.awaitRecord(
            "retail.erp.events.v1",
            record ->
                order.erpOrderNumber().equals(record.key())
                    && record.value().contains("\"OverallSDProcessStatus\":\"B\""),
            PROPAGATION);
    ConsumerRecord<String, String> canonicalRecord =
        KafkaTopics.awaitRecord(
            STATUS_TOPIC,
            record ->
                order.hubOrderId().equals(record.key()) && record.value().contains("\"shipped\""),
            PROPAGATION);
    produceAgain(erpRecord);
    produceAgain(canonicalRecord);

    // a later change on the same partitions: once it is applied, the copies were consumed
    erpAdmin("/__admin/sales-orders/" + order.erpOrderNumber() + "/status", "{\"status\":\"C\"}");
    awaitSalesforceOrder(order, "Delivered");
    await()
        .atMost(PROPAGATION)
        .until(
            () -> "delivered".equals(field(openTicket, ServiceDeskSimulator.ORDER_STATUS_FIELD)));

    assertThat(salesforceUpserts(order.hubOrderId()))
        .filteredOn(upsert -> upsert.body().contains("\"Shipped\""))
        .hasSize(1);
    assertThat(internalNotes(openTicket))
        .filteredOn(note -> note.contains("status is now shipped"))
        .hasSize(1);
  }

  @Test
  void theStatusOfAnOrderEnteredInTheErpOnlyUpdatesAnOrderSalesforceHas() throws Exception {
    String sku = fixtures.material(Map.of("WH01", 10L));
    double notInSalesforceBefore = notInSalesforceEvents();
    int deadLettersBefore = DeadLetters.ofFlow("order-status-salesforce").size();

    // entered by a clerk in the ERP: the hub never took it, Salesforce has no such Order
    String purchaseOrder = "ERP-ENTERED-" + UUID.randomUUID();
    createInErpDirectly(purchaseOrder, sku);

    await()
        .atMost(PROPAGATION)
        .untilAsserted(
            () ->
                assertThat(salesforce.journal())
                    .as("a lookup of the Order")
                    .filteredOn(entry -> entry.path().contains("/query"))
                    .anyMatch(entry -> String.valueOf(entry.query()).contains(purchaseOrder)));
    await().atMost(PROPAGATION).until(() -> notInSalesforceEvents() > notInSalesforceBefore);
    assertThat(salesforceUpserts(purchaseOrder)).isEmpty();
    assertThat(salesforceOrder(purchaseOrder)).isEmpty();
    assertThat(DeadLetters.ofFlow("order-status-salesforce")).hasSize(deadLettersBefore);
  }

  // ------------------------------------------------------------------ helpers

  private SubmittedOrder submitOrder() throws Exception {
    String sku = fixtures.material(Map.of("WH01", 10L));
    Map<String, Object> body =
        order("ship_to_home", CUSTOMER.erpBusinessPartner(), Map.of(sku, 2L));
    body.put("customerGoldenId", CUSTOMER.goldenId());
    String correlationId = "it-status-" + UUID.randomUUID();
    JsonPath answer =
        given()
            .header("Authorization", BearerTokens.bearer("orders:write"))
            .header("Idempotency-Key", "key-" + UUID.randomUUID())
            .header("X-Correlation-ID", correlationId)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/orders")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    return new SubmittedOrder(
        answer.getString("hubOrderId"), answer.getString("erpOrderNumber"), correlationId);
  }

  private long ticket(String erpOrderNumber, String status) {
    Map<String, Object> ticket =
        Map.of(
            "ticket",
            Map.of(
                "subject", "Where is my order " + erpOrderNumber + "?",
                "comment", Map.of("body", "Order " + erpOrderNumber + " has not arrived."),
                "requester", Map.of("email", CUSTOMER.email()),
                "status", status,
                "custom_fields",
                    List.of(
                        Map.of(
                            "id",
                            ServiceDeskSimulator.ORDER_NUMBER_FIELD,
                            "value",
                            erpOrderNumber))));
    return given()
        .header("Authorization", serviceDeskAuthorization())
        .contentType(ContentType.JSON)
        .body(ticket)
        .post(serviceDesk.baseUrl() + "/api/v2/tickets.json")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("ticket.id");
  }

  private String serviceDeskAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                ("test@retailhub.example/token:" + serviceDesk.apiToken())
                    .getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> salesforceOrder(String hubOrderId) {
    return salesforce.record("Order", "Hub_Order_Id__c", hubOrderId).orElse(Map.of());
  }

  private void awaitSalesforceOrder(SubmittedOrder order, String status) {
    await()
        .atMost(PROPAGATION)
        .until(() -> status.equals(salesforceOrder(order.hubOrderId()).get("Status")));
  }

  private List<JournalEntry> salesforceUpserts(String hubOrderId) {
    return salesforce.journal().stream()
        .filter(entry -> entry.method().equals("PATCH"))
        .filter(entry -> entry.path().endsWith("/sobjects/Order/Hub_Order_Id__c/" + hubOrderId))
        .toList();
  }

  private List<JournalEntry> ticketUpdates(long ticketId) {
    return serviceDesk.journal().stream()
        .filter(entry -> entry.method().equals("PUT"))
        .filter(entry -> entry.path().equals("/api/v2/tickets/" + ticketId + ".json"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private Object field(long ticketId, long fieldId) {
    Map<String, Object> ticket = serviceDesk.ticket(ticketId).orElseThrow();
    for (Map<String, Object> field : (List<Map<String, Object>>) ticket.get("custom_fields")) {
      if (((Number) field.get("id")).longValue() == fieldId) {
        return field.get("value");
      }
    }
    return null;
  }

  private List<String> internalNotes(long ticketId) {
    List<String> notes = new ArrayList<>();
    for (Map<String, Object> comment : serviceDesk.comments(ticketId)) {
      if (Boolean.FALSE.equals(comment.get("public"))) {
        notes.add(String.valueOf(comment.get("body")));
      }
    }
    return notes;
  }

  private double notInSalesforceEvents() {
    Counter counter = registry.find("hub.order.events.not.in.salesforce").counter();
    return counter == null ? 0 : counter.count();
  }

  /** POSTs an A_SalesOrder to the ERP as its own users do, with a CSRF token and the session. */
  private static void createInErpDirectly(String purchaseOrder, String sku) {
    String service = SandboxTestResource.stack().erp().baseUrl() + ErpSimulator.SALES_ORDER_SERVICE;
    var session =
        given().header("x-csrf-token", "Fetch").get(service + "/").then().statusCode(200).extract();
    ObjectNode body =
        CanonicalJson.mapper()
            .createObjectNode()
            .put("SalesOrderType", "OR")
            .put("SalesOrganization", "1010")
            .put("DistributionChannel", "10")
            .put("OrganizationDivision", "00")
            .put("SoldToParty", CUSTOMER.erpBusinessPartner())
            .put("PurchaseOrderByCustomer", purchaseOrder);
    body.putObject("to_Item")
        .putArray("results")
        .addObject()
        .put("Material", sku)
        .put("RequestedQuantity", "1")
        .put("ProductionPlant", "WH01");
    given()
        .cookies(session.cookies())
        .header("x-csrf-token", session.header("x-csrf-token"))
        .contentType(ContentType.JSON)
        .body(body.toString())
        .post(service + "/A_SalesOrder")
        .then()
        .statusCode(201);
  }

  private double staleStatusEvents(String target) {
    Counter counter =
        registry
            .find("hub.order.events.stale")
            .tag("target", target)
            .tag("kind", "status")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private long auditCount(String hubOrderId, String target, String correlationId) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM audit_record WHERE entity_key = ? AND target = ?"
                    + " AND correlation_id = ?")) {
      select.setString(1, hubOrderId);
      select.setString(2, target);
      select.setString(3, correlationId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static String erpAdmin(String path, String json) {
    return given()
        .contentType(ContentType.JSON)
        .body(json)
        .post(SandboxTestResource.stack().erp().baseUrl() + path)
        .then()
        .statusCode(
            org.hamcrest.Matchers.anyOf(
                org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)))
        .extract()
        .asString();
  }

  /** The data of the ERP's SalesOrder.Changed event that reported this status of the order. */
  private static JsonNode erpSalesOrderEvent(String salesOrder, String status) throws Exception {
    JsonNode events =
        CanonicalJson.mapper()
            .readTree(
                given()
                    .queryParam("type", ErpBusinessEvents.SALES_ORDER_CHANGED)
                    .get(SandboxTestResource.stack().erp().baseUrl() + "/__admin/events")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
    for (JsonNode event : events) {
      if (salesOrder.equals(event.path("subject").asText())
          && status.equals(event.path("data").path("OverallSDProcessStatus").asText())) {
        return event.path("data");
      }
    }
    throw new AssertionError("the ERP published no status " + status + " for " + salesOrder);
  }

  private static String lateSalesOrderEvent(String salesOrder, JsonNode data) {
    ObjectNode event = CanonicalJson.mapper().createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", UUID.randomUUID().toString());
    event.put("source", ErpBusinessEvents.SOURCE);
    event.put("type", ErpBusinessEvents.SALES_ORDER_CHANGED);
    event.put("subject", salesOrder);
    event.put("time", Instant.now().toString());
    event.put("datacontenttype", "application/json");
    event.set("data", data.deepCopy());
    return event.toString();
  }

  private static String erpWebhookSecret() {
    return SandboxTestResource.stack().hubConfig().get("hub.erp.webhook-secret");
  }

  private static void produceAgain(ConsumerRecord<String, String> original) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", SandboxTestResource.stack().kafka().bootstrapServers());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("acks", "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      ProducerRecord<String, String> copy =
          new ProducerRecord<>(
              original.topic(), original.partition(), original.key(), original.value());
      original.headers().forEach(header -> copy.headers().add(header.key(), header.value()));
      producer.send(copy).get();
    }
  }
}
