package io.retailhub.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inventory lookup API: read model answers, read-through, pagination, problem+json. */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class InventoryApiTest {

  @Inject AgroalDataSource dataSource;

  private static io.restassured.specification.RequestSpecification reader() {
    return given().header("Authorization", BearerTokens.bearer("inventory:read"));
  }

  private String stockedSku() {
    String sku = ErpWebhooks.freshMaterial();
    ErpWebhooks.createMaterial(sku, "S001", 12);
    ErpWebhooks.admin(
        "/__admin/stock",
        "{\"material\":\"%s\",\"plant\":\"S002\",\"onHand\":7,\"reserved\":2}".formatted(sku));
    ReadModel readModel = new ReadModel(dataSource);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                readModel.position(sku, "S001") != null && readModel.position(sku, "S002") != null);
    return sku;
  }

  @Test
  void positionsPerLocationAndAtOneLocation() {
    String sku = stockedSku();
    reader()
        .when()
        .get("/api/v1/inventory/{sku}", sku)
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("sku", equalTo(sku))
        .body("asOf", notNullValue())
        .body("freshnessSeconds", greaterThanOrEqualTo(0))
        .body("positions.location", containsInAnyOrder("S001", "S002"))
        .body("positions.find { it.location == 'S002' }.available", equalTo(5));
    reader()
        .queryParam("location", "S002")
        .when()
        .get("/api/v1/inventory/{sku}", sku)
        .then()
        .statusCode(200)
        .body("location", equalTo("S002"))
        .body("onHand", equalTo(7))
        .body("reserved", equalTo(2))
        .body("freshnessSeconds", greaterThanOrEqualTo(0))
        .body("asOf", notNullValue());
  }

  @Test
  void strongConsistencyReadsThroughToTheErp() {
    String sku = stockedSku();
    // the ERP changes; the webhook is dropped, so only a read-through can see the new figure
    SandboxTestResource.stack().erp().faults().dropWebhooks(true);
    try {
      ErpWebhooks.admin(
          "/__admin/stock",
          "{\"material\":\"%s\",\"plant\":\"S001\",\"onHand\":40}".formatted(sku));
    } finally {
      SandboxTestResource.stack().erp().faults().dropWebhooks(false);
    }
    reader()
        .queryParam("location", "S001")
        .queryParam("consistency", "strong")
        .when()
        .get("/api/v1/inventory/{sku}", sku)
        .then()
        .statusCode(200)
        .body("onHand", equalTo(40))
        .body("consistency", equalTo("strong"));
    reader()
        .queryParam("location", "S001")
        .when()
        .get("/api/v1/inventory/{sku}", sku)
        .then()
        .statusCode(200)
        .body("onHand", equalTo(12))
        .body("consistency", equalTo("eventual"));
  }

  @Test
  void anUnknownSkuIsA404Problem() {
    reader()
        .header("X-Correlation-ID", "api-404-test")
        .when()
        .get("/api/v1/inventory/{sku}", "NO-SUCH-SKU")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", notNullValue())
        .body("title", equalTo("Unknown SKU"))
        .body("status", equalTo(404))
        .body("detail", notNullValue())
        .body("instance", equalTo("/api/v1/inventory/NO-SUCH-SKU"))
        .body("correlationId", equalTo("api-404-test"));
  }

  @Test
  void badParametersAre400ProblemsNamingEachParameter() {
    reader()
        .queryParam("location", "not a plant!")
        .queryParam("limit", "501")
        .when()
        .get("/api/v1/inventory")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors.field", containsInAnyOrder("location", "limit"));
    reader()
        .queryParam("cursor", "not-a-cursor")
        .queryParam("limit", "zero")
        .when()
        .get("/api/v1/inventory")
        .then()
        .statusCode(400)
        .body("errors.field", containsInAnyOrder("cursor", "limit"));
    reader()
        .queryParam("consistency", "sometimes")
        .when()
        .get("/api/v1/inventory/{sku}", "SKU-0001")
        .then()
        .statusCode(400)
        .body("errors.field", containsInAnyOrder("consistency"));
  }

  @Test
  void theListPagesWithAnOpaqueCursorWithoutGapsOrRepeats() {
    stockedSku();
    stockedSku();
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var request = reader().queryParam("location", "S002").queryParam("limit", 2);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      JsonPath page =
          request
              .when()
              .get("/api/v1/inventory")
              .then()
              .statusCode(200)
              .body("items", hasSize(org.hamcrest.Matchers.lessThanOrEqualTo(2)))
              .extract()
              .jsonPath();
      seen.addAll(page.getList("items.sku", String.class));
      assertThat(page.getList("items.location", String.class)).containsOnly("S002");
      assertThat(page.getString("asOf")).isNotNull();
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 1000);
    assertThat(seen).doesNotHaveDuplicates().isSorted();
    assertThat(seen.size()).isGreaterThanOrEqualTo(2);
    assertThat(pages).isGreaterThanOrEqualTo(seen.size() / 2);
  }
}
