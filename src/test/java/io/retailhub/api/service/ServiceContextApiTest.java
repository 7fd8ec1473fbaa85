package io.retailhub.api.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.orders.OrderFixtures;
import io.retailhub.sandbox.erp.ErpSimulator.DeliveryView;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/service/orders/{id}/context and GET /api/v1/customers/{goldenId}/orders against the
 * sandbox ERP and PostgreSQL, with real bearer tokens.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ServiceContextApiTest {

  @Inject AgroalDataSource dataSource;

  private OrderFixtures fixtures;

  @BeforeEach
  void fixtures() throws Exception {
    fixtures = new OrderFixtures(dataSource);
  }

  private static JsonPath submit(String goldenId, String sku, long quantity) {
    Map<String, Object> body =
        new LinkedHashMap<>(
            OrderFixtures.order(
                "ship_to_home", OrderFixtures.knownBusinessPartner(), Map.of(sku, quantity)));
    body.put("customerGoldenId", goldenId);
    return given()
        .header("Authorization", BearerTokens.bearer("orders:write"))
        .header("Idempotency-Key", "ctx-" + UUID.randomUUID())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/orders")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  @Test
  void theContextHasErpStatusLinesShipmentsAndTheCustomer() throws Exception {
    String goldenId = "GC-CTX-" + UUID.randomUUID();
    String sku = fixtures.material(Map.of("WH01", 10L));
    JsonPath order = submit(goldenId, sku, 3L);
    String hubOrderId = order.getString("hubOrderId");
    String erpOrderNumber = order.getString("erpOrderNumber");
    DeliveryView delivery = SandboxTestResource.stack().erp().createDelivery(erpOrderNumber, "UPS");
    String correlationId = "ctx-" + UUID.randomUUID();

    given()
        .header("Authorization", BearerTokens.bearer("service:read"))
        .header("X-Correlation-ID", correlationId)
        .get("/api/v1/service/orders/{id}/context", hubOrderId)
        .then()
        .statusCode(200)
        .header("X-Correlation-ID", correlationId)
        .body("hubOrderId", equalTo(hubOrderId))
        .body("erpOrderNumber", equalTo(erpOrderNumber))
        .body("status", equalTo("DELIVERED"))
        .body("statusSource", equalTo("erp"))
        .body("lines", hasSize(1))
        .body("lines[0].sku", equalTo(sku))
        .body("lines[0].quantity", equalTo("3.000"))
        .body("shipments", hasSize(1))
        .body("shipments[0].shipmentId", equalTo(delivery.deliveryDocument()))
        .body("shipments[0].carrier", equalTo("UPS"))
        .body("shipments[0].trackingNumber", equalTo(delivery.trackingNumber()))
        .body("shipments[0].lines[0].sku", equalTo(sku))
        .body("customer.goldenId", equalTo(goldenId));
    // the ERP was read with the caller's correlation ID
    assertThat(SandboxTestResource.stack().erp().journal())
        .filteredOn(entry -> correlationId.equals(entry.headers().get("x-correlation-id")))
        .extracting(entry -> entry.path())
        .anyMatch(path -> path.endsWith("A_SalesOrder('" + erpOrderNumber + "')"))
        .anyMatch(path -> path.endsWith("A_OutbDeliveryItem"));

    // the order read API answers the same ERP-authoritative lines and shipments
    given()
        .header("Authorization", BearerTokens.bearer("orders:read"))
        .get("/api/v1/orders/{id}", hubOrderId)
        .then()
        .statusCode(200)
        .body("statusSource", equalTo("erp"))
        .body("lines[0].sku", equalTo(sku))
        .body("shipments", hasSize(1))
        .body("shipments[0].trackingNumber", equalTo(delivery.trackingNumber()));

    // the ERP order number finds the same order
    given()
        .header("Authorization", BearerTokens.bearer("service:read"))
        .get("/api/v1/service/orders/{id}/context", erpOrderNumber)
        .then()
        .statusCode(200)
        .body("hubOrderId", equalTo(hubOrderId))
        .body("shipments[0].trackingNumber", equalTo(delivery.trackingNumber()));
  }

  @Test
  void anUnknownOrderIs404ProblemJson() {
    given()
        .header("Authorization", BearerTokens.bearer("service:read"))
        .get("/api/v1/service/orders/{id}/context", "HO-" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"))
        .body("status", equalTo(404))
        .body("title", equalTo("Unknown order"));
  }

  @Test
  void theContextNeedsATokenWithServiceRead() {
    given()
        .get("/api/v1/service/orders/{id}/context", "HO-" + UUID.randomUUID())
        .then()
        .statusCode(401);
    given()
        .header("Authorization", BearerTokens.bearer("orders:read", "customers:read"))
        .get("/api/v1/service/orders/{id}/context", "HO-" + UUID.randomUUID())
        .then()
        .statusCode(403);
  }

  @Test
  void aCustomersOrdersComeNewestFirstPageByPage() throws Exception {
    String goldenId = "GC-PAGES-" + UUID.randomUUID();
    String sku = fixtures.material(Map.of("WH01", 20L));
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      submitted.add(submit(goldenId, sku, 1L).getString("hubOrderId"));
    }

    JsonPath first =
        given()
            .header("Authorization", BearerTokens.bearer("customers:read"))
            .queryParam("limit", 2)
            .get("/api/v1/customers/{id}/orders", goldenId)
            .then()
            .statusCode(200)
            .body("customerId", equalTo(goldenId))
            .body("orders", hasSize(2))
            .extract()
            .jsonPath();
    String cursor = first.getString("nextCursor");
    assertThat(cursor).isNotBlank();
    JsonPath second =
        given()
            .header("Authorization", BearerTokens.bearer("customers:read"))
            .queryParam("limit", 2)
            .queryParam("cursor", cursor)
            .get("/api/v1/customers/{id}/orders", goldenId)
            .then()
            .statusCode(200)
            .body("orders", hasSize(1))
            .body("nextCursor", nullValue())
            .extract()
            .jsonPath();
    List<String> paged = new ArrayList<>(first.getList("orders.hubOrderId"));
    paged.addAll(second.getList("orders.hubOrderId"));
    java.util.Collections.reverse(submitted);
    assertThat(paged).containsExactlyElementsOf(submitted);
    assertThat(first.getString("orders[0].status")).isEqualTo("CONFIRMED");
    assertThat(first.getString("orders[0].totalAmount.currency")).isEqualTo("EUR");
  }

  @Test
  void badParametersAreNamedAndAnUnknownCustomerIs404() {
    String goldenId = "GC-NOBODY-" + UUID.randomUUID();
    given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .queryParam("limit", 0)
        .get("/api/v1/customers/{id}/orders", goldenId)
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("errors[0].field", equalTo("limit"));
    given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .queryParam("cursor", "not-a-cursor")
        .get("/api/v1/customers/{id}/orders", goldenId)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
    given()
        .header("Authorization", BearerTokens.bearer("customers:read"))
        .get("/api/v1/customers/{id}/orders", goldenId)
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"));
    given()
        .header("Authorization", BearerTokens.bearer("orders:read"))
        .get("/api/v1/customers/{id}/orders", goldenId)
        .then()
        .statusCode(403);
  }
}
