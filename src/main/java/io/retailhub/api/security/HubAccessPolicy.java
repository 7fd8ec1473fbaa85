package io.retailhub.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.retailhub.api.security.AccessRule.Requirement;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * The hub's single authorization decision for the API port, applied to every request (a global
 * Quarkus HTTP security policy: it has no name). Paths are grouped by the data they expose; each
 * group needs its own role, and anything no rule grants is denied, so an endpoint added later is
 * closed until someone decides who may call it.
 *
 * <p>Anonymous callers of a protected path get 401 (authentication failed), authenticated callers
 * without the role get 403. {@link SecurityProblemResponses} renders both as problem+json.
 */
@ApplicationScoped
public class HubAccessPolicy implements HttpSecurityPolicy {

  private static final Set<String> ANY = Set.of();
  private static final Set<String> GET = Set.of("GET");
  private static final Set<String> POST = Set.of("POST");
  private static final Set<String> POST_DELETE = Set.of("POST", "DELETE");

  /** The access table, first match wins. docs/security.md repeats it for humans. */
  public static final List<AccessRule> RULES =
      List.of(
          rule(ANY, "/webhooks/", Requirement.NONE, null),
          rule(ANY, "/api/v1/inventory", Requirement.ROLE, HubRoles.INVENTORY_READ),
          rule(POST, "/api/v1/orders", Requirement.ROLE, HubRoles.ORDERS_WRITE),
          rule(GET, "/api/v1/orders", Requirement.ROLE, HubRoles.ORDERS_READ),
          rule(ANY, "/api/v1/customers", Requirement.ROLE, HubRoles.CUSTOMERS_READ),
          rule(ANY, "/api/v1/service", Requirement.ROLE, HubRoles.SERVICE_READ),
          rule(ANY, "/api/v1/schemas", Requirement.AUTHENTICATED, null),
          rule(GET, "/api/openapi", Requirement.AUTHENTICATED, null),
          // the proof-of-life flow writes to every layer: an operator's smoke test
          rule(POST, "/api/v1/heartbeats", Requirement.ROLE, HubRoles.OPS_ADMIN),
          rule(GET, "/ops/", Requirement.ROLE, HubRoles.OPS_READ),
          new AccessRule(
              POST,
              "/ops/v1/dead-letters/",
              path -> path.contains("replay"),
              Requirement.ROLE,
              HubRoles.OPS_REPLAY),
          rule(POST_DELETE, "/ops/", Requirement.ROLE, HubRoles.OPS_ADMIN),
          // the Hawtio console drives Jolokia, which can invoke any JMX operation
          rule(ANY, "/hawtio", Requirement.ROLE, HubRoles.OPS_ADMIN),
          rule(ANY, "/jolokia", Requirement.ROLE, HubRoles.OPS_ADMIN),
          // the operations page's static files hold no data; every number on it comes from
          // /ops/v1/flows, which the page calls with the operator's own ops:read token
          rule(GET, "/console/", Requirement.NONE, null),
          rule(ANY, "/", Requirement.DENY, null));

  private static AccessRule rule(
      Set<String> methods, String prefix, Requirement requirement, String role) {
    return new AccessRule(methods, prefix, path -> true, requirement, role);
  }

  /** The rule deciding a request; the catch-all guarantees one. */
  public static AccessRule ruleFor(String method, String normalizedPath) {
    return RULES.stream()
        .filter(rule -> rule.covers(method, normalizedPath))
        .findFirst()
        .orElseThrow();
  }

  @Override
  public Uni<CheckResult> checkPermission(
      RoutingContext request,
      Uni<SecurityIdentity> identity,
      AuthorizationRequestContext requestContext) {
    AccessRule rule = ruleFor(request.request().method().name(), request.normalizedPath());
    if (rule.requirement() == Requirement.NONE) {
      return CheckResult.permit();
    }
    return identity
        .onItem()
        .transformToUni(
            caller -> {
              if (caller.isAnonymous()) {
                // failing (rather than DENY) routes an anonymous caller to the 401 problem body
                return Uni.createFrom()
                    .failure(new AuthenticationFailedException("a bearer token is required"));
              }
              boolean allowed =
                  switch (rule.requirement()) {
                    case AUTHENTICATED, NONE -> true;
                    case ROLE -> caller.hasRole(rule.role());
                    case DENY -> false;
                  };
              return allowed ? CheckResult.permit() : CheckResult.deny();
            });
  }
}
