package io.retailhub.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An API answer carries the headers the API defines, never the caller's own request headers (its
 * bearer token among them) nor the hub's bookkeeping headers between route steps.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ApiResponseHeadersTest {

  @ParameterizedTest
  @CsvSource({
    "/api/v1/inventory/SKU-NO-SUCH, inventory:read, 404",
    "/api/v1/inventory?limit=1, inventory:read, 200",
    "/api/v1/orders/NO-SUCH-ORDER, orders:read, 404",
    "/api/v1/customers/NO-SUCH-CUSTOMER, customers:read, 404",
    "/api/v1/schemas, inventory:read, 200",
    "/ops/v1/dead-letters?limit=1, ops:read, 200",
    "/ops/v1/flows, ops:read, 200"
  })
  void anAnswerCarriesNoRequestHeaderBackAndNoInternalHeader(
      String path, String scope, int status) {
    String correlationId = "headers-" + UUID.randomUUID();
    Response answer =
        given()
            .header("Authorization", BearerTokens.bearer(scope))
            .header("X-Correlation-ID", correlationId)
            .header("X-Caller-Note", "only for the hub")
            .header("Cookie", "session=caller")
            .when()
            .get(path);

    assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
    assertThat(answer.header("X-Correlation-ID")).isEqualTo(correlationId);
    assertThat(answer.contentType()).isNotBlank();
    List<String> names = answer.headers().asList().stream().map(Header::getName).toList();
    assertThat(names)
        .as("response headers of " + path)
        .noneMatch(name -> name.equalsIgnoreCase("Authorization"))
        .noneMatch(name -> name.equalsIgnoreCase("X-Caller-Note"))
        .noneMatch(name -> name.equalsIgnoreCase("Cookie"))
        .noneMatch(name -> name.regionMatches(true, 0, "Hub", 0, 3))
        .noneMatch(name -> name.regionMatches(true, 0, "Camel", 0, 5));
  }
}
