package io.retailhub.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.retailhub.api.security.AccessRule;
import io.retailhub.api.security.AccessRule.Requirement;
import io.retailhub.api.security.HubAccessPolicy;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.sandbox.identity.LocalTokenIssuer;
import io.retailhub.security.HubEndpoints.HubEndpoint;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * The token matrix for every endpoint the running hub serves ({@link HubEndpoints}): no token,
 * expired, wrong issuer, forged signature and malformed tokens get 401; a valid token without the
 * endpoint's role gets 403; the right role gets through. Webhooks take no token and must refuse
 * unsigned deliveries even from a caller holding every role.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class EndpointAuthorizationTest {

  private static final String SUBJECT = "security-test";

  @Inject CamelContext camel;

  private static LocalTokenIssuer issuer() {
    return SandboxTestResource.stack().tokenIssuer();
  }

  private List<HubEndpoint> apiEndpoints() {
    return HubEndpoints.of(camel).stream().filter(endpoint -> !endpoint.isWebhook()).toList();
  }

  private static Response call(HubEndpoint endpoint, String bearerToken) {
    RequestSpecification request = given().redirects().follow(false);
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    if (Set.of("POST", "PUT", "PATCH").contains(endpoint.method())) {
      request.contentType("application/json").body("{}");
    }
    return request.request(endpoint.method(), endpoint.path());
  }

  /** Calls every API endpoint and lists those whose answer {@code expectation} rejects. */
  private List<String> mismatches(
      Function<HubEndpoint, String> token, Function<Response, Boolean> expectation) {
    List<String> mismatches = new ArrayList<>();
    for (HubEndpoint endpoint : apiEndpoints()) {
      Response response = call(endpoint, token.apply(endpoint));
      if (!expectation.apply(response)) {
        mismatches.add(endpoint + " answered " + response.statusCode());
      }
    }
    return mismatches;
  }

  private static boolean isProblem(Response response, int status) {
    return response.statusCode() == status
        && response.contentType().startsWith("application/problem+json")
        && Integer.valueOf(status).equals(response.jsonPath().get("status"));
  }

  private static List<String> allScopesExcept(String role) {
    return LocalTokenIssuer.HUB_SCOPES.stream().filter(scope -> !scope.equals(role)).toList();
  }

  @Test
  void theCatalogSeesTheRestDslAndPlatformHttpEndpoints() {
    List<HubEndpoint> endpoints = HubEndpoints.of(camel);
    assertThat(endpoints)
        .extracting(endpoint -> endpoint.method() + " " + endpoint.path())
        .contains("POST /api/v1/heartbeats", "POST /webhooks/servicedesk/tickets");
  }

  @Test
  void everyApiEndpointIsGrantedToSomeRole() {
    List<String> closedToEveryone =
        apiEndpoints().stream()
            .filter(
                endpoint ->
                    HubAccessPolicy.ruleFor(endpoint.method(), endpoint.path()).requirement()
                        == Requirement.DENY)
            .map(HubEndpoint::toString)
            .toList();
    assertThat(closedToEveryone)
        .as("endpoints no rule of HubAccessPolicy grants: add them to the access table")
        .isEmpty();
  }

  @Test
  void withoutATokenEveryApiAnswers401ProblemWithABearerChallenge() {
    assertThat(
            mismatches(
                endpoint -> null,
                response ->
                    isProblem(response, 401)
                        && "Bearer".equals(response.header("WWW-Authenticate"))))
        .isEmpty();
  }

  @Test
  void anExpiredTokenIsRefusedWith401() {
    assertThat(
            mismatches(
                endpoint ->
                    issuer()
                        .issueExpired(SUBJECT, LocalTokenIssuer.HUB_SCOPES, Duration.ofMinutes(2)),
                response -> isProblem(response, 401)))
        .isEmpty();
  }

  @Test
  void aTokenFromAnotherIssuerIsRefusedWith401() {
    assertThat(
            mismatches(
                endpoint ->
                    issuer()
                        .issueWithIssuer(
                            "https://evil.example/", SUBJECT, LocalTokenIssuer.HUB_SCOPES),
                response -> isProblem(response, 401)))
        .isEmpty();
  }

  @Test
  void aTokenSignedWithAnUntrustedKeyIsRefusedWith401() {
    assertThat(
            mismatches(
                endpoint -> issuer().issueWithForeignKey(SUBJECT, LocalTokenIssuer.HUB_SCOPES),
                response -> isProblem(response, 401)))
        .isEmpty();
  }

  @Test
  void aMalformedTokenIsRefusedWith401() {
    assertThat(mismatches(endpoint -> "not.a-jwt", response -> isProblem(response, 401))).isEmpty();
  }

  @Test
  void aValidTokenWithoutTheEndpointsRoleGets403() {
    List<String> mismatches = new ArrayList<>();
    for (HubEndpoint endpoint : apiEndpoints()) {
      AccessRule rule = HubAccessPolicy.ruleFor(endpoint.method(), endpoint.path());
      if (rule.requirement() != Requirement.ROLE) {
        continue;
      }
      Response response =
          call(
              endpoint,
              issuer().issue(SUBJECT, allScopesExcept(rule.role()), Duration.ofMinutes(5)));
      if (!isProblem(response, 403)) {
        mismatches.add(endpoint + " without " + rule.role() + " answered " + response.statusCode());
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void theRightRoleAloneIsLetThrough() {
    List<String> mismatches = new ArrayList<>();
    for (HubEndpoint endpoint : apiEndpoints()) {
      AccessRule rule = HubAccessPolicy.ruleFor(endpoint.method(), endpoint.path());
      List<String> scopes =
          rule.requirement() == Requirement.ROLE ? List.of(rule.role()) : List.of();
      Response response = call(endpoint, issuer().issue(SUBJECT, scopes, Duration.ofMinutes(5)));
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        mismatches.add(endpoint + " with " + scopes + " answered " + response.statusCode());
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void aTokenUsedAgainGetsTheSameVerdictsAndATamperedCopyIsRefused() {
    // verified tokens are remembered (CachedJwtIdentityProvider): a repeated token must still be
    // authorized per endpoint, and any change to its text must go back to full verification
    String token = issuer().issue(SUBJECT, List.of("inventory:read"), Duration.ofMinutes(5));
    for (int call = 0; call < 3; call++) {
      given()
          .header("Authorization", "Bearer " + token)
          .get("/api/v1/inventory?limit=1")
          .then()
          .statusCode(200);
      Response withoutRole =
          given()
              .header("Authorization", "Bearer " + token)
              .contentType("application/json")
              .body("{}")
              .post("/api/v1/heartbeats");
      assertThat(isProblem(withoutRole, 403))
          .as("call %d: %s", call, withoutRole.statusCode())
          .isTrue();
    }
    String signature = token.substring(token.lastIndexOf('.') + 1);
    String tampered =
        token.substring(0, token.lastIndexOf('.') + 1)
            + (signature.charAt(0) == 'A' ? 'B' : 'A')
            + signature.substring(1);
    Response forged =
        given().header("Authorization", "Bearer " + tampered).get("/api/v1/inventory?limit=1");
    assertThat(isProblem(forged, 401))
        .as("tampered copy answered %s", forged.statusCode())
        .isTrue();
  }

  @Test
  void rolesInTheGroupsClaimWorkAsWellAsScope() {
    // the sandbox issuer uses `scope`; other identity providers send a `groups` array
    String opsAdminGroup =
        issuer().issueWithGroups(SUBJECT, List.of("ops:admin"), Duration.ofMinutes(5));
    String otherGroup =
        issuer().issueWithGroups(SUBJECT, List.of("orders:write"), Duration.ofMinutes(5));
    given()
        .header("Authorization", "Bearer " + otherGroup)
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/heartbeats")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + opsAdminGroup)
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/heartbeats")
        .then()
        .statusCode(202);
  }

  @Test
  void webhooksTakeNoTokenAndRefuseUnsignedDeliveriesEvenFromAFullyPrivilegedCaller() {
    List<HubEndpoint> webhooks =
        HubEndpoints.of(camel).stream().filter(HubEndpoint::isWebhook).toList();
    assertThat(webhooks).isNotEmpty();
    for (HubEndpoint webhook : webhooks) {
      Response response =
          call(
              webhook, issuer().issue(SUBJECT, LocalTokenIssuer.HUB_SCOPES, Duration.ofMinutes(5)));
      assertThat(response.statusCode()).as(webhook.toString()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate")).as(webhook.toString()).isNull();
    }
  }

  @Test
  void probesAreOpenAndMetricsNeedAnOpsRoleOnTheManagementPort() {
    given().get(management("/q/health/ready")).then().statusCode(200);
    given().get(management("/q/health/live")).then().statusCode(200);
    given().get(management("/q/metrics")).then().statusCode(401);
    given()
        .header(
            "Authorization",
            "Bearer " + issuer().issue(SUBJECT, allScopesExcept("none"), Duration.ofMinutes(5)))
        .get(management("/q/metrics"))
        .then()
        .statusCode(200);
    given()
        .header(
            "Authorization",
            "Bearer "
                + issuer()
                    .issue(
                        SUBJECT,
                        List.of("inventory:read", "orders:write", "customers:read"),
                        Duration.ofMinutes(5)))
        .get(management("/q/metrics"))
        .then()
        .statusCode(403);
    for (String opsRole : List.of("ops:read", "ops:replay", "ops:admin")) {
      given()
          .header(
              "Authorization",
              "Bearer " + issuer().issue(SUBJECT, List.of(opsRole), Duration.ofMinutes(5)))
          .get(management("/q/metrics"))
          .then()
          .statusCode(200);
    }
  }

  private static String management(String path) {
    return ManagementPort.url(path);
  }
}
