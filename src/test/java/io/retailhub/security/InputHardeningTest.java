package io.retailhub.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The edge refuses bodies no route should see, as problem+json and after authorization: too large
 * (413), not JSON (415), malformed, too deep or with an over-long array (400).
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class InputHardeningTest {

  private static final String API = "/api/v1/heartbeats";
  private static final String WEBHOOK = "/webhooks/servicedesk/tickets";

  private static RequestSpecification authorized() {
    return given().header("Authorization", BearerTokens.bearer("ops:admin"));
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String arrayOf(int elements) {
    return "{\"lines\":["
        + IntStream.range(0, elements)
            .mapToObj(i -> "{\"n\":" + i + "}")
            .collect(Collectors.joining(","))
        + "]}";
  }

  @Test
  void aBodyOverTheLimitGets413Problem() {
    String twoMegabytes = "{\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    authorized()
        .contentType("application/json")
        .body(twoMegabytes)
        .post(API)
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413));
    given()
        .contentType("application/json")
        .body(twoMegabytes)
        .post(WEBHOOK)
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
  }

  @Test
  void anUnauthenticatedCallerGets401BeforeAnyBodyCheck() {
    given().contentType("text/plain").body("x".repeat(10)).post(API).then().statusCode(401);
  }

  @Test
  void aNonJsonContentTypeGets415Problem() {
    authorized()
        .contentType("text/plain")
        .body("hello")
        .post(API)
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("status", equalTo(415));
    given()
        .contentType("application/x-www-form-urlencoded")
        .body("a=b")
        .post(WEBHOOK)
        .then()
        .statusCode(415);
  }

  @Test
  void structuredJsonMediaTypesAreAccepted() {
    authorized()
        .contentType("application/cloudevents+json; charset=utf-8")
        .body("{}")
        .post(API)
        .then()
        .statusCode(202);
  }

  @Test
  void malformedJsonGets400ProblemWithoutEchoingTheBody() {
    authorized()
        .contentType("application/json")
        .body("{\"secretish\": ")
        .post(API)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("not well-formed"))
        .body(org.hamcrest.Matchers.not(containsString("secretish")));
    authorized()
        .contentType("application/json")
        .body("{} {}")
        .post(API)
        .then()
        .statusCode(400)
        .body("detail", containsString("single JSON value"));
    given()
        .contentType("application/json")
        .body("{\"id\":")
        .post(WEBHOOK)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void nestingBeyondTheDepthLimitGets400() {
    authorized().contentType("application/json").body(nested(32)).post(API).then().statusCode(202);
    authorized()
        .contentType("application/json")
        .body(nested(33))
        .post(API)
        .then()
        .statusCode(400)
        .body("detail", containsString("nested too deeply"));
  }

  @Test
  void anApiArrayBeyondTheLimitGets400() {
    authorized()
        .contentType("application/json")
        .body(arrayOf(200))
        .post(API)
        .then()
        .statusCode(202);
    authorized()
        .contentType("application/json")
        .body(arrayOf(201))
        .post(API)
        .then()
        .statusCode(400)
        .body("detail", containsString("more than 200 elements"));
  }
}
