package io.retailhub.it;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;

/** The ops dead-letter API as the tests use it: list a flow's entries, read one, replay one. */
public final class DeadLetters {
  private DeadLetters() {}

  /** The newest 200 entries of a flow, as the list API summarises them. */
  public static List<Map<String, Object>> ofFlow(String flow) {
    return given()
        .header("Authorization", BearerTokens.bearer("ops:read"))
        .queryParam("flow", flow)
        .queryParam("limit", 200)
        .when()
        .get("/ops/v1/dead-letters")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items");
  }

  /** A flow's entries that carry one correlation ID. */
  public static List<Map<String, Object>> ofFlow(String flow, String correlationId) {
    return ofFlow(flow).stream()
        .filter(entry -> correlationId.equals(entry.get("correlationId")))
        .toList();
  }

  /** One entry in full (headers and masked body). */
  public static JsonPath entry(long id) {
    return given()
        .header("Authorization", BearerTokens.bearer("ops:read"))
        .when()
        .get("/ops/v1/dead-letters/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Replays one entry as {@code actor}; the caller asserts the answer. */
  public static ValidatableResponse replay(long id, String actor) {
    return given()
        .header("Authorization", BearerTokens.bearerFor(actor, "ops:replay", "ops:admin"))
        .when()
        .post("/ops/v1/dead-letters/" + id + "/replay")
        .then();
  }
}
