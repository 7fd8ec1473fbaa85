package io.retailhub.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document describes every REST endpoint the route files declare. */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class OpenApiDocumentTest {

  @Inject CamelContext camel;

  @Test
  void everyRestVerbIsInTheDocument() {
    JsonPath document =
        given()
            .header("Authorization", BearerTokens.bearer("inventory:read"))
            .header("Accept", "application/json")
            .when()
            .get("/api/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Map<String, Object>> paths = document.getMap("paths");
    assertThat(paths).isNotEmpty();
    Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
    int verbs = 0;
    for (RestDefinition rest : model.getRestDefinitions()) {
      for (VerbDefinition verb : rest.getVerbs()) {
        String path =
            ((rest.getPath() == null ? "" : rest.getPath())
                    + (verb.getPath() == null ? "" : verb.getPath()))
                .replace("//", "/");
        assertThat(paths).as("OpenAPI paths").containsKey(path);
        assertThat(paths.get(path)).containsKey(verb.asVerb().toLowerCase(Locale.ROOT));
        verbs++;
      }
    }
    assertThat(verbs).isGreaterThan(10);
  }

  @Test
  void theDocumentNeedsAToken() {
    given().when().get("/api/openapi").then().statusCode(401);
  }
}
