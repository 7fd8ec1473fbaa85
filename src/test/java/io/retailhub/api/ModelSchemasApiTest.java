package io.retailhub.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.retailhub.events.RetailEventType;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.ModelSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code routes/model-schemas.camel.yaml} on the running hub: the index lists every published
 * schema, a schema comes back byte-for-byte as published, and anything else is a problem+json 404,
 * including attempts to climb out of the schema directory.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ModelSchemasApiTest {

  @Test
  void the_index_lists_every_published_schema_with_its_link() {
    List<String> names =
        given()
            .header("Authorization", BearerTokens.bearer("inventory:read"))
            .when()
            .get("/api/v1/schemas")
            .then()
            .statusCode(200)
            .contentType(startsWith("application/json"))
            .body(
                "schemas.find { it.name == 'inventory-position' }.href",
                equalTo("/api/v1/schemas/inventory-position"))
            .body(
                "schemas.find { it.name == 'order' }.id",
                equalTo(RetailEventType.ORDER_CREATED.dataSchema().toString()))
            .body(
                "schemas.name",
                hasItems(
                    RetailEventType.ALL.stream().map(RetailEventType::type).toArray(String[]::new)))
            .extract()
            .path("schemas.name");

    assertThat(names).containsExactlyInAnyOrderElementsOf(ModelSchemas.names());
  }

  @Test
  void a_schema_is_served_as_published_under_its_name() throws Exception {
    Response response =
        given()
            .header("Authorization", BearerTokens.bearer("inventory:read"))
            .header("X-Correlation-ID", "schemas-it-1")
            .when()
            .get("/api/v1/schemas/inventory-position");

    response
        .then()
        .statusCode(200)
        .contentType(startsWith("application/schema+json"))
        .header("X-Correlation-ID", "schemas-it-1");
    JsonNode served = CanonicalJson.mapper().readTree(response.asByteArray());
    assertThat(served).isEqualTo(ModelSchemas.json("inventory-position"));
    assertThat(served.get("$id").asText())
        .isEqualTo(RetailEventType.INVENTORY_POSITION_CHANGED.dataSchema().toString());
  }

  @Test
  void an_event_schema_is_served_by_its_event_type_and_the_file_name_works_too() {
    given()
        .header("Authorization", BearerTokens.bearer("inventory:read"))
        .when()
        .get("/api/v1/schemas/retail.order.created.v1")
        .then()
        .statusCode(200)
        .body("properties.type.const", equalTo("retail.order.created.v1"));
    given()
        .header("Authorization", BearerTokens.bearer("inventory:read"))
        .when()
        .get("/api/v1/schemas/order.schema.json")
        .then()
        .statusCode(200)
        .body("title", equalTo("Order"));
  }

  @Test
  void an_unknown_name_is_a_problem_json_404() {
    given()
        .header("Authorization", BearerTokens.bearer("inventory:read"))
        .header("X-Correlation-ID", "schemas-it-404")
        .when()
        .get("/api/v1/schemas/purchase-order")
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"))
        .body("status", equalTo(404))
        .body("title", equalTo("Not Found"))
        .body("correlationId", equalTo("schemas-it-404"));
  }

  @Test
  void a_path_traversal_attempt_reveals_nothing() {
    for (String attempt :
        List.of(
            "..%2Fapplication.properties",
            "..%2F..%2Fschemas%2Fv1%2Findex.json",
            "%2E%2E%2Fapplication.properties",
            "index",
            "ORDER",
            "order..schema.json")) {
      Response response =
          given()
              .header("Authorization", BearerTokens.bearer("inventory:read"))
              .urlEncodingEnabled(false)
              .when()
              .get("/api/v1/schemas/" + attempt);
      assertThat(response.statusCode()).as(attempt).isIn(400, 404);
      assertThat(response.asString())
          .as(attempt)
          .doesNotContain("quarkus.")
          .doesNotContain("kafka.bootstrap")
          .doesNotContain("\"$schema\"");
    }
  }
}
