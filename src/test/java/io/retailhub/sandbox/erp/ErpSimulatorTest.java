package io.retailhub.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.testing.RecordingWebhookReceiver;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErpSimulatorTest {

  private static final String SECRET = "erp-test-secret";
  private static final RetailSeed SEED = RetailSeed.standard();
  private static final String CUSTOMER = SEED.customers().get(0).erpBusinessPartner();

  private RecordingWebhookReceiver hub;
  private ErpSimulator erp;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    hub = new RecordingWebhookReceiver();
    erp = new ErpSimulator(0, SEED, hub::url, SECRET).start();
    http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  }

  @AfterEach
  void stop() {
    erp.close();
    hub.close();
  }

  @Test
  void seededStockIsFilteredPagedAndCountedLikeODataV2() throws Exception {
    JsonNode all =
        getJson(
            ErpSimulator.STOCK_SERVICE
                + "/A_MatlStkInAcctMod?$inlinecount=allpages&$top=10&$skip=5&$format=json");
    assertThat(all.at("/d/__count").asText()).isEqualTo(String.valueOf(SEED.stock().size()));
    assertThat(all.at("/d/results")).hasSize(10);

    RetailSeed.StockLevel seeded = SEED.stock().get(7);
    JsonNode one =
        getJson(
            ErpSimulator.STOCK_SERVICE
                + "/A_MatlStkInAcctMod?$filter="
                + encode(
                    "Material eq '%s' and Plant eq '%s'".formatted(seeded.sku(), seeded.plant())));
    JsonNode row = one.at("/d/results/0");
    assertThat(one.at("/d/results")).hasSize(1);
    assertThat(row.get("MatlWrhsStkQtyInMatlBaseUnit").asText())
        .isEqualTo(BigDecimal.valueOf(seeded.onHand()).setScale(3).toPlainString());
    assertThat(row.get("ReservedQtyInBaseUnit").asText())
        .isEqualTo(BigDecimal.valueOf(seeded.reserved()).setScale(3).toPlainString());
    assertThat(row.get("ChangeSequence").asText()).isEqualTo("1");

    JsonNode perPlant =
        getJson(
            ErpSimulator.STOCK_SERVICE
                + "/A_MatlStkInAcctMod?$inlinecount=allpages&$top=0&$filter="
                + encode("Plant eq 'S002'"));
    assertThat(perPlant.at("/d/__count").asText()).isEqualTo(String.valueOf(SEED.skus().size()));

    HttpResponse<String> badFilter =
        send(
            "GET",
            ErpSimulator.STOCK_SERVICE + "/A_MatlStkInAcctMod?$filter=" + encode("Nope eq 'x'"),
            null,
            Map.of());
    assertThat(badFilter.statusCode()).isEqualTo(400);
    assertThat(SimulatorServer.JSON.readTree(badFilter.body()).at("/error/message/value").asText())
        .contains("Nope");
  }

  @Test
  void salesOrderCreateWithoutCsrfTokenIsRefused() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            ErpSimulator.SALES_ORDER_SERVICE + "/A_SalesOrder",
            orderBody("HUB-NO-TOKEN", "SKU-0001", 1, "WH01").toString(),
            Map.of());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("x-csrf-token")).hasValue("Required");

    HttpResponse<String> forged =
        send(
            "POST",
            ErpSimulator.SALES_ORDER_SERVICE + "/A_SalesOrder",
            orderBody("HUB-FORGED", "SKU-0001", 1, "WH01").toString(),
            Map.of("x-csrf-token", "made-up"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(erp.salesOrdersCreated()).isZero();
  }

  @Test
  void salesOrderCreateReservesStockAndARepeatReturnsTheSameOrder() throws Exception {
    long reservedBefore = erp.stock("SKU-0003", "WH01").orElseThrow().reserved();
    String token = fetchCsrfToken();

    HttpResponse<String> first = postOrder(token, orderBody("HUB-1001", "SKU-0003", 2, "WH01"));
    HttpResponse<String> repeat = postOrder(token, orderBody("HUB-1001", "SKU-0003", 2, "WH01"));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(repeat.statusCode()).isEqualTo(201);
    JsonNode created = SimulatorServer.JSON.readTree(first.body()).get("d");
    assertThat(SimulatorServer.JSON.readTree(repeat.body()).at("/d/SalesOrder").asText())
        .isEqualTo(created.get("SalesOrder").asText());
    assertThat(created.at("/to_Item/results/0/RequestedQuantity").asText()).isEqualTo("2.000");
    assertThat(created.get("OverallSDProcessStatus").asText()).isEqualTo("A");
    assertThat(erp.salesOrdersCreated()).isEqualTo(1);
    assertThat(erp.duplicateCreateAttempts()).isEqualTo(1);
    assertThat(erp.stock("SKU-0003", "WH01").orElseThrow().reserved())
        .isEqualTo(reservedBefore + 2);
    assertThat(erp.salesOrderByPurchaseOrder("HUB-1001").orElseThrow().salesOrder())
        .isEqualTo(created.get("SalesOrder").asText());

    JsonNode read =
        getJson(
            ErpSimulator.SALES_ORDER_SERVICE
                + "/A_SalesOrder('"
                + created.get("SalesOrder").asText()
                + "')?$expand=to_Item");
    assertThat(read.at("/d/to_Item/results/0/Material").asText()).isEqualTo("SKU-0003");
    JsonNode listed =
        getJson(
            ErpSimulator.SALES_ORDER_SERVICE
                + "/A_SalesOrder?$filter="
                + encode("PurchaseOrderByCustomer eq 'HUB-1001'"));
    assertThat(listed.at("/d/results")).hasSize(1);

    List<CloudEvent> orderEvents = acceptedEvents(ErpBusinessEvents.SALES_ORDER_CHANGED, 1);
    assertThat(data(orderEvents.get(0)).get("PurchaseOrderByCustomer").asText())
        .isEqualTo("HUB-1001");
  }

  @Test
  void businessRejectionsComeBackAsSapErrorBodies() throws Exception {
    String token = fetchCsrfToken();
    long available = erp.stock("SKU-0004", "S001").orElseThrow().available();

    assertSapError(
        postOrder(token, orderBody("HUB-STOCK", "SKU-0004", available + 1, "S001")),
        "V1/501",
        "Insufficient stock");
    assertSapError(
        postOrder(token, orderBody("HUB-MATERIAL", "SKU-9999", 1, "WH01")), "V1/392", "SKU-9999");
    assertSapError(
        postOrder(token, orderBody("HUB-ZERO", "SKU-0001", 0, "WH01")), "V1/331", "greater than 0");
    ObjectNode wrongArea =
        orderBody("HUB-AREA", "SKU-0001", 1, "WH01").put("SalesOrganization", "9999");
    assertSapError(postOrder(token, wrongArea), "V1/312", "9999");
    ObjectNode unknownCustomer =
        orderBody("HUB-CUST", "SKU-0001", 1, "WH01").put("SoldToParty", "42");
    assertSapError(postOrder(token, unknownCustomer), "V1/302", "42");

    HttpResponse<String> block =
        send(
            "PATCH",
            ErpSimulator.BUSINESS_PARTNER_SERVICE + "/A_BusinessPartner('" + CUSTOMER + "')",
            "{\"BusinessPartnerIsBlocked\":true}",
            Map.of("x-csrf-token", token));
    assertThat(block.statusCode()).isEqualTo(204);
    assertSapError(
        postOrder(token, orderBody("HUB-BLOCKED", "SKU-0001", 1, "WH01")), "V1/342", "blocked");

    assertThat(erp.salesOrdersCreated()).isZero();
    assertThat(erp.stock("SKU-0004", "S001").orElseThrow().available()).isEqualTo(available);
  }

  @Test
  void stockChangeFromAdminPublishesASignedCloudEvent() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/__admin/stock",
            "{\"material\":\"SKU-0010\",\"plant\":\"S003\",\"onHand\":77,\"reserved\":3}",
            Map.of());
    assertThat(response.statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(5)).until(() -> !hub.accepted().isEmpty());
    RecordingWebhookReceiver.Delivery delivery = hub.accepted().get(0);
    String timestamp = delivery.header(ErpBusinessEvents.TIMESTAMP_HEADER);
    assertThat(delivery.header(ErpBusinessEvents.SIGNATURE_HEADER))
        .isEqualTo(
            "sha256=" + ErpBusinessEvents.hmacHex(SECRET, timestamp + "." + delivery.body()));
    assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(60);
    assertThat(delivery.header("content-type")).startsWith("application/cloudevents+json");

    CloudEvent event =
        new JsonFormat().deserialize(delivery.body().getBytes(StandardCharsets.UTF_8));
    assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
    assertThat(event.getType()).isEqualTo(ErpBusinessEvents.MATERIAL_STOCK_CHANGED);
    assertThat(event.getSource()).hasToString(ErpBusinessEvents.SOURCE);
    JsonNode data = data(event);
    assertThat(data.get("Material").asText()).isEqualTo("SKU-0010");
    assertThat(data.get("Plant").asText()).isEqualTo("S003");
    assertThat(data.get("StorageLocation").asText()).isEqualTo("0001");
    assertThat(data.get("MatlWrhsStkQtyInMatlBaseUnit").asText()).isEqualTo("77.000");
    assertThat(data.get("ReservedQtyInBaseUnit").asText()).isEqualTo("3.000");
    assertThat(data.get("MaterialBaseUnit").asText()).isEqualTo("EA");
    assertThat(data.get("ChangeSequence").asText()).isEqualTo("2");
    assertThat(Instant.parse(data.get("LastChangeDateTime").asText())).isNotNull();
  }

  @Test
  void bulkMovementsAndANewMaterialEachPublishIncreasingSequences() throws Exception {
    ArrayNode movements = SimulatorServer.JSON.createArrayNode();
    for (int i = 0; i < 50; i++) {
      movements.addObject().put("material", "SKU-0020").put("plant", "WH01").put("onHandDelta", 1);
    }
    long onHandBefore = erp.stock("SKU-0020", "WH01").orElseThrow().onHand();
    HttpResponse<String> bulk =
        send("POST", "/__admin/stock/movements", "{\"movements\":" + movements + "}", Map.of());
    assertThat(SimulatorServer.JSON.readTree(bulk.body()).get("applied").asInt()).isEqualTo(50);
    assertThat(erp.stock("SKU-0020", "WH01").orElseThrow().onHand()).isEqualTo(onHandBefore + 50);

    List<CloudEvent> events = acceptedEvents(ErpBusinessEvents.MATERIAL_STOCK_CHANGED, 50);
    List<Long> sequences =
        events.stream().map(e -> data(e).get("ChangeSequence").asLong()).sorted().toList();
    assertThat(sequences).doesNotHaveDuplicates().startsWith(2L).endsWith(51L);

    HttpResponse<String> added =
        send(
            "POST",
            "/__admin/materials",
            "{\"material\":\"SKU-0051\",\"description\":\"Trail Gaiter\",\"unitPrice\":\"19.90\",\"stock\":[{\"plant\":\"WH01\",\"onHand\":12}]}",
            Map.of());
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(erp.stock("SKU-0051", "WH01").orElseThrow().onHand()).isEqualTo(12);
    assertThat(
            postOrder(fetchCsrfToken(), orderBody("HUB-NEW-SKU", "SKU-0051", 2, "WH01"))
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void adminDeliveryShipsTheOrderAndIsReadableThroughOData() throws Exception {
    String salesOrder = createOrder("HUB-SHIP", "SKU-0005", 3);
    long onHandBefore = erp.stock("SKU-0005", "WH01").orElseThrow().onHand();

    HttpResponse<String> response =
        send(
            "POST",
            "/__admin/deliveries",
            "{\"salesOrder\":\"" + salesOrder + "\",\"carrier\":\"DHL\"}",
            Map.of());
    assertThat(response.statusCode()).isEqualTo(201);
    ErpSimulator.DeliveryView delivery = erp.deliveriesOf(salesOrder).get(0);
    assertThat(delivery.carrier()).isEqualTo("DHL");
    assertThat(delivery.trackingNumber()).isNotBlank();
    assertThat(erp.stock("SKU-0005", "WH01").orElseThrow().onHand()).isEqualTo(onHandBefore - 3);
    assertThat(erp.salesOrder(salesOrder).orElseThrow().status())
        .isEqualTo(ErpSimulator.ProcessStatus.COMPLETELY_PROCESSED);

    JsonNode header =
        getJson(
            ErpSimulator.DELIVERY_SERVICE
                + "/A_OutbDeliveryHeader('"
                + delivery.deliveryDocument()
                + "')?$expand=to_DeliveryDocumentItem");
    assertThat(header.at("/d/YY1_TrackingNumber_DLH").asText())
        .isEqualTo(delivery.trackingNumber());
    assertThat(header.at("/d/to_DeliveryDocumentItem/results/0/ActualDeliveryQuantity").asText())
        .isEqualTo("3.000");
    JsonNode items =
        getJson(
            ErpSimulator.DELIVERY_SERVICE
                + "/A_OutbDeliveryItem?$filter="
                + encode("ReferenceSDDocument eq '" + salesOrder + "'"));
    assertThat(items.at("/d/results")).hasSize(1);

    CloudEvent created = acceptedEvents(ErpBusinessEvents.OUTBOUND_DELIVERY_CREATED, 1).get(0);
    assertThat(data(created).get("TrackingNumber").asText()).isEqualTo(delivery.trackingNumber());
    assertThat(data(created).at("/Items/0/ActualDeliveryQuantity").asText()).isEqualTo("3.000");
    List<Long> orderSequences =
        acceptedEvents(ErpBusinessEvents.SALES_ORDER_CHANGED, 2).stream()
            .filter(e -> data(e).get("SalesOrder").asText().equals(salesOrder))
            .map(e -> data(e).get("ChangeSequence").asLong())
            .sorted()
            .toList();
    assertThat(orderSequences).containsExactly(1L, 2L);

    assertThat(
            send("POST", "/__admin/deliveries", "{\"salesOrder\":\"" + salesOrder + "\"}", Map.of())
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void openOrdersShipOnceSimulatedTimePassesTheLeadTime() throws Exception {
    String salesOrder = createOrder("HUB-AUTO", "SKU-0006", 1);
    erp.deliveryLeadTime(Duration.ofHours(24));
    send("PUT", "/__admin/config", "{\"autoDeliveries\":true}", Map.of());
    assertThat(erp.deliveriesOf(salesOrder)).isEmpty();

    send(
        "POST",
        "/__admin/clock/advance",
        "{\"seconds\":" + Duration.ofHours(25).toSeconds() + "}",
        Map.of());

    await().atMost(Duration.ofSeconds(5)).until(() -> !erp.deliveriesOf(salesOrder).isEmpty());
    assertThat(erp.deliveriesOf(salesOrder)).hasSize(1);
  }

  @Test
  void returnsAreRefundedWithinTheWindowAndRejectedBeyondQuantityOrWindow() throws Exception {
    String salesOrder = createOrder("HUB-RET", "SKU-0007", 3);
    erp.createDelivery(salesOrder, null);
    String token = fetchCsrfToken();
    BigDecimal unitPrice = SEED.skus().get(6).unitPrice();

    JsonNode approved = postReturn(token, "RET-1", salesOrder, 2).get("d");
    assertThat(approved.get("RefundDecision").asText()).isEqualTo("APPROVED");
    assertThat(new BigDecimal(approved.get("ApprovedRefundAmount").asText()))
        .isEqualByComparingTo(unitPrice.multiply(BigDecimal.valueOf(2)));

    JsonNode tooMany = postReturn(token, "RET-2", salesOrder, 2).get("d");
    assertThat(tooMany.get("RefundDecision").asText()).isEqualTo("REJECTED");
    assertThat(tooMany.get("RefundRejectionReason").asText())
        .contains("exceeds the returnable quantity 1");

    erp.advanceClock(Duration.ofDays(31));
    JsonNode late = postReturn(token, "RET-3", salesOrder, 1).get("d");
    assertThat(late.get("RefundDecision").asText()).isEqualTo("REJECTED");
    assertThat(late.get("RefundRejectionReason").asText()).contains("Return window of 30 days");
    assertThat(new BigDecimal(late.get("ApprovedRefundAmount").asText())).isZero();

    assertThat(erp.customerReturns())
        .extracting(ErpSimulator.ReturnView::decision)
        .containsExactly(
            ErpSimulator.RefundDecision.APPROVED,
            ErpSimulator.RefundDecision.REJECTED,
            ErpSimulator.RefundDecision.REJECTED);
    assertThat(acceptedEvents(ErpBusinessEvents.CUSTOMER_RETURN_CHANGED, 3)).hasSize(3);
    assertThat(erp.salesOrder(salesOrder).orElseThrow().items().get(0).returnedQuantity())
        .isEqualTo(2);
  }

  @Test
  void businessPartnersAreSeededFilterableAndPatchable() throws Exception {
    RetailSeed.Customer customer = SEED.customers().get(4);
    JsonNode found =
        getJson(
            ErpSimulator.BUSINESS_PARTNER_SERVICE
                + "/A_BusinessPartner?$expand=to_BusinessPartnerAddress&$filter="
                + encode(
                    "LastName eq '"
                        + customer.lastName()
                        + "' and FirstName eq '"
                        + customer.firstName()
                        + "'"));
    assertThat(found.at("/d/results/0/BusinessPartner").asText())
        .isEqualTo(customer.erpBusinessPartner());
    assertThat(
            found
                .at(
                    "/d/results/0/to_BusinessPartnerAddress/results/0/to_EmailAddress/results/0/EmailAddress")
                .asText())
        .isEqualTo(customer.email());

    String token = fetchCsrfToken();
    HttpResponse<String> patched =
        send(
            "PATCH",
            ErpSimulator.BUSINESS_PARTNER_SERVICE
                + "/A_BusinessPartnerAddress(BusinessPartner='"
                + customer.erpBusinessPartner()
                + "',AddressID='1')",
            "{\"CityName\":\"Bremen\",\"EmailAddress\":\"new@example.com\"}",
            Map.of("x-csrf-token", token));
    assertThat(patched.statusCode()).isEqualTo(204);

    JsonNode read =
        getJson(
            ErpSimulator.BUSINESS_PARTNER_SERVICE
                + "/A_BusinessPartner('"
                + customer.erpBusinessPartner()
                + "')?$expand=to_BusinessPartnerAddress");
    assertThat(read.at("/d/to_BusinessPartnerAddress/results/0/CityName").asText())
        .isEqualTo("Bremen");
    JsonNode event = data(acceptedEvents(ErpBusinessEvents.BUSINESS_PARTNER_CHANGED, 1).get(0));
    assertThat(event.get("ChangedFields"))
        .extracting(JsonNode::asText)
        .containsExactly("CityName", "EmailAddress");
    assertThat(event.get("EmailAddress").asText()).isEqualTo("new@example.com");
    assertThat(event.get("ChangeSequence").asText()).isEqualTo("2");
  }

  @Test
  void webhookIsRetriedWhileTheHubFailsAndDeliveredOnceItRecovers() throws Exception {
    hub.answerWith(500);
    erp.setStock("SKU-0011", "S004", 5, 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> hub.deliveries().size() >= 2);
    assertThat(hub.accepted()).isEmpty();

    hub.answerWith(200);

    await().atMost(Duration.ofSeconds(15)).until(() -> hub.accepted().size() == 1);
    assertThat(hub.accepted().get(0).body()).isEqualTo(hub.deliveries().get(0).body());
    // the simulator counts the delivery after it has read the answer the fake hub already logged
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(erp.webhookStats().get("delivered")).isEqualTo(1));
  }

  @Test
  void faultSwitchesChangeAnswersAtRuntime() throws Exception {
    String stockPath = ErpSimulator.STOCK_SERVICE + "/A_MatlStkInAcctMod?$top=1";

    putFaults("{\"latencyMillis\":300}");
    long started = System.nanoTime();
    assertThat(send("GET", stockPath, null, Map.of()).statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));

    putFaults("{\"latencyMillis\":0,\"errorRate\":1.0}");
    assertThat(send("GET", stockPath, null, Map.of()).statusCode()).isEqualTo(500);

    putFaults("{\"errorRate\":0,\"outage\":true}");
    assertThat(send("GET", stockPath, null, Map.of()).statusCode()).isEqualTo(503);

    putFaults("{\"outage\":false,\"forcedStatus\":429}");
    HttpResponse<String> limited = send("GET", stockPath, null, Map.of());
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    putFaults("{\"forcedStatus\":403}");
    assertThat(send("GET", stockPath, null, Map.of()).statusCode()).isEqualTo(403);

    putFaults("{\"forcedStatus\":0,\"dropWebhooks\":true}");
    erp.setStock("SKU-0012", "WH01", 9, 0);
    assertThat(erp.webhookStats().get("dropped")).isEqualTo(1);
    putFaults("{\"dropWebhooks\":false}");
    erp.setStock("SKU-0012", "WH01", 8, 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> hub.accepted().size() == 1);
    assertThat(
            data(new JsonFormat()
                    .deserialize(hub.accepted().get(0).body().getBytes(StandardCharsets.UTF_8)))
                .get("MatlWrhsStkQtyInMatlBaseUnit")
                .asText())
        .isEqualTo("8.000");
    assertThat(send("GET", stockPath, null, Map.of()).statusCode()).isEqualTo(200);
  }

  @Test
  void stateEndpointShowsWhatTheHubDid() throws Exception {
    createOrder("HUB-STATE", "SKU-0008", 1);
    JsonNode state = getJson("/__admin/state");
    assertThat(state.get("salesOrdersCreated").asLong()).isEqualTo(1);
    assertThat(state.get("stock")).hasSize(SEED.stock().size());
    assertThat(state.get("salesOrders").findValuesAsText("purchaseOrderByCustomer"))
        .contains("HUB-STATE");
  }

  // ---------------------------------------------------------------- helpers

  private String createOrder(String purchaseOrder, String material, long quantity)
      throws Exception {
    HttpResponse<String> response =
        postOrder(fetchCsrfToken(), orderBody(purchaseOrder, material, quantity, "WH01"));
    assertThat(response.statusCode()).isEqualTo(201);
    return SimulatorServer.JSON.readTree(response.body()).at("/d/SalesOrder").asText();
  }

  private JsonNode postReturn(String token, String purchaseOrder, String salesOrder, long quantity)
      throws Exception {
    ObjectNode body =
        SimulatorServer.JSON
            .createObjectNode()
            .put("CustomerReturnType", "CBAR")
            .put("SalesOrganization", "1010")
            .put("DistributionChannel", "10")
            .put("OrganizationDivision", "00")
            .put("PurchaseOrderByCustomer", purchaseOrder)
            .put("ReferenceSDDocument", salesOrder)
            .put("SDDocumentReason", "101");
    body.putObject("to_Item")
        .putArray("results")
        .addObject()
        .put("ReferenceSDDocument", salesOrder)
        .put("ReferenceSDDocumentItem", "10")
        .put("RequestedQuantity", String.valueOf(quantity));
    HttpResponse<String> response =
        send(
            "POST",
            ErpSimulator.RETURN_SERVICE + "/A_CustomerReturn",
            body.toString(),
            Map.of("x-csrf-token", token));
    assertThat(response.statusCode()).isEqualTo(201);
    return SimulatorServer.JSON.readTree(response.body());
  }

  private static ObjectNode orderBody(
      String purchaseOrder, String material, long quantity, String plant) {
    ObjectNode body =
        SimulatorServer.JSON
            .createObjectNode()
            .put("SalesOrderType", "OR")
            .put("SalesOrganization", "1010")
            .put("DistributionChannel", "10")
            .put("OrganizationDivision", "00")
            .put("SoldToParty", CUSTOMER)
            .put("PurchaseOrderByCustomer", purchaseOrder);
    body.putObject("to_Item")
        .putArray("results")
        .addObject()
        .put("Material", material)
        .put("RequestedQuantity", String.valueOf(quantity))
        .put("ProductionPlant", plant);
    return body;
  }

  private String fetchCsrfToken() throws Exception {
    HttpResponse<String> response =
        send("GET", ErpSimulator.SALES_ORDER_SERVICE + "/", null, Map.of("x-csrf-token", "Fetch"));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("x-csrf-token").orElseThrow();
  }

  private HttpResponse<String> postOrder(String token, ObjectNode body) throws Exception {
    return send(
        "POST",
        ErpSimulator.SALES_ORDER_SERVICE + "/A_SalesOrder",
        body.toString(),
        Map.of("x-csrf-token", token));
  }

  private static void assertSapError(HttpResponse<String> response, String code, String messagePart)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = SimulatorServer.JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.at("/message/lang").asText()).isEqualTo("en");
    assertThat(error.at("/message/value").asText()).contains(messagePart);
    assertThat(error.at("/innererror/errordetails/0/code").asText()).isEqualTo(code);
  }

  private List<CloudEvent> acceptedEvents(String type, int atLeast) {
    JsonFormat format = new JsonFormat();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                hub.accepted().stream().filter(d -> d.body().contains("\"" + type + "\"")).count()
                    >= atLeast);
    return hub.accepted().stream()
        .map(d -> format.deserialize(d.body().getBytes(StandardCharsets.UTF_8)))
        .filter(e -> e.getType().equals(type))
        .toList();
  }

  private static JsonNode data(CloudEvent event) {
    try {
      return SimulatorServer.JSON.readTree(event.getData().toBytes());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void putFaults(String json) throws Exception {
    assertThat(send("PUT", "/__admin/faults", json, Map.of()).statusCode()).isEqualTo(200);
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null, Map.of());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return SimulatorServer.JSON.readTree(response.body());
  }

  private HttpResponse<String> send(
      String method, String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(erp.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
