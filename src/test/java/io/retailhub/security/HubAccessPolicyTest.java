package io.retailhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailhub.api.security.AccessRule;
import io.retailhub.api.security.AccessRule.Requirement;
import io.retailhub.api.security.HubAccessPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The access table as issue 11 specifies it, written out independently of {@link
 * HubAccessPolicy#RULES}: a change to the table that breaks the specification fails here.
 */
class HubAccessPolicyTest {

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @CsvSource({
    "GET,    /api/v1/inventory,                              ROLE,          inventory:read",
    "GET,    /api/v1/inventory/positions/SKU-0001@S001,      ROLE,          inventory:read",
    "HEAD,   /api/v1/inventory/positions,                    ROLE,          inventory:read",
    "POST,   /api/v1/orders,                                 ROLE,          orders:write",
    "POST,   /api/v1/orders/H-1/cancellation,                ROLE,          orders:write",
    "GET,    /api/v1/orders/H-1,                             ROLE,          orders:read",
    "DELETE, /api/v1/orders/H-1,                             DENY,          ''",
    "PUT,    /api/v1/orders/H-1,                             DENY,          ''",
    "GET,    /api/v1/customers/GC-1,                         ROLE,          customers:read",
    "GET,    /api/v1/service/cases/1,                        ROLE,          service:read",
    "GET,    /api/v1/service/orders/HO-1/context,            ROLE,          service:read",
    "GET,    /api/v1/customers/GC-1/orders,                  ROLE,          customers:read",
    "GET,    /api/v1/schemas/order.schema.json,              AUTHENTICATED, ''",
    "POST,   /api/v1/heartbeats,                             ROLE,          ops:admin",
    "GET,    /ops/v1/dead-letters,                           ROLE,          ops:read",
    "POST,   /ops/v1/dead-letters/42/replay,                 ROLE,          ops:replay",
    "POST,   /ops/v1/dead-letters/replay-all,                ROLE,          ops:replay",
    "POST,   /ops/v1/dead-letters/42/discard,                ROLE,          ops:admin",
    "DELETE, /ops/v1/dead-letters/42,                        ROLE,          ops:admin",
    "POST,   /ops/v1/reconciliation/run,                     ROLE,          ops:admin",
    "PUT,    /ops/v1/anything,                               DENY,          ''",
    "GET,    /api/v2/unknown,                                DENY,          ''",
    "GET,    /api/v1/prices,                                 DENY,          ''",
    "GET,    /,                                              DENY,          ''",
    "GET,    /hawtio/index.html,                             ROLE,          ops:admin",
    "POST,   /jolokia/exec,                                  ROLE,          ops:admin",
    "POST,   /webhooks/erp/events,                           NONE,          ''",
    "POST,   /webhooks/servicedesk/tickets,                  NONE,          ''",
    "POST,   /webhooks/servicedesk/users,                    NONE,          ''",
  })
  void everyRequestMapsToTheSpecifiedRequirement(
      String method, String path, Requirement requirement, String role) {
    AccessRule rule = HubAccessPolicy.ruleFor(method, path);
    assertThat(rule.requirement()).as(rule.describe()).isEqualTo(requirement);
    if (requirement == Requirement.ROLE) {
      assertThat(rule.role()).isEqualTo(role);
    }
  }
}
