package io.retailhub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Route files must use Camel's canonical YAML notation: the compact forms are deprecated and
 * integration engineers copy whatever they find. Ids are kebab-case and start with the file stem.
 */
class RouteNotationTest {

  private static final Set<String> ENDPOINT_KEYS =
      Set.of("from", "to", "toD", "wireTap", "enrich", "pollEnrich", "interceptSendToEndpoint");
  private static final Set<String> LANGUAGES =
      Set.of(
          "simple",
          "constant",
          "header",
          "exchangeProperty",
          "jsonpath",
          "method",
          "groovy",
          "xpath",
          "tokenize",
          "ref",
          "variable",
          "jq",
          "language");
  private static final Set<String> EXPRESSION_HOLDERS =
      Set.of(
          "setHeader",
          "setBody",
          "setProperty",
          "setVariable",
          "filter",
          "when",
          "split",
          "transform",
          "validate",
          "log",
          "delay",
          "throttle",
          "recipientList",
          "routingSlip");

  /**
   * Keys whose {@code ref:} names a bean (a bean step, a method-call predicate), not a language.
   */
  // under a bean step, "ref" and "method" name a bean and a Java method, and endpoint parameters
  // are plain settings: none of them is the ref or method expression language
  private static final Set<String> ATTRIBUTE_HOLDERS = Set.of("bean", "method", "parameters");

  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final RouteFiles routes = RouteFiles.load();

  @Test
  void thereAreRouteFiles() {
    assertThat(routes.files()).isNotEmpty();
  }

  @Test
  void everyFileUsesTheCanonicalNotation() {
    List<String> violations = new ArrayList<>();
    for (RouteFiles.RouteFile file : routes.files()) {
      walk(file.documents(), file.path() + ":", null, violations);
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void routeIdsAreKebabCaseAndStartWithTheFileStem() {
    for (RouteFiles.RouteFile file : routes.files()) {
      for (String id : file.routeIds()) {
        assertThat(id).as("route id in %s", file.path()).matches(KEBAB).startsWith(file.stem());
      }
    }
  }

  @Test
  void everyRouteNamesASharedErrorPolicyOrSaysWhyNot() throws Exception {
    Set<String> policies = Set.of("api-errors", "event-errors", "webhook-errors");
    List<String> without = new ArrayList<>();
    for (RouteFiles.RouteFile file : routes.files()) {
      for (Object document : file.documents()) {
        if (document instanceof Map<?, ?> map && map.get("route") instanceof Map<?, ?> route) {
          Object policy = route.get("routeConfigurationId");
          if (policy == null) {
            // the written reason is a comment in the route file starting with this phrase
            if (!file.text().contains("# no error policy of its own:")) {
              without.add(file.path() + " " + route.get("id"));
            }
          } else {
            assertThat(policies).as("policy of %s", route.get("id")).contains(policy.toString());
          }
        }
      }
    }
    assertThat(without).as("routes without routeConfigurationId and without a reason").isEmpty();
  }

  /**
   * A webhook route uses {@code webhook-errors}, or docs/operations.md names it on a line with the
   * policy it uses instead and why.
   */
  @Test
  void webhookRoutesUseTheWebhookPolicyOrTheDocsSayWhichAndWhy() throws Exception {
    String operations = java.nio.file.Files.readString(java.nio.file.Path.of("docs/operations.md"));
    List<String> webhookRoutes = new ArrayList<>();
    Set<String> webhookDirects = new java.util.HashSet<>();
    for (RouteFiles.RouteFile file : routes.files()) {
      for (Object document : file.documents()) {
        if (document instanceof Map<?, ?> map
            && map.get("rest") instanceof Map<?, ?> rest
            && String.valueOf(rest.get("path")).startsWith("/webhooks")) {
          for (Object verbs : rest.values()) {
            if (verbs instanceof List<?> restOperations) {
              for (Object operation : restOperations) {
                if (operation instanceof Map<?, ?> op && op.get("to") instanceof Map<?, ?> to) {
                  webhookDirects.add(String.valueOf(to.get("uri")));
                }
              }
            }
          }
        }
      }
    }
    for (RouteFiles.RouteFile file : routes.files()) {
      for (Object document : file.documents()) {
        if (document instanceof Map<?, ?> map && map.get("route") instanceof Map<?, ?> route) {
          String id = String.valueOf(route.get("id"));
          Object from = route.get("from") instanceof Map<?, ?> source ? source.get("uri") : null;
          boolean webhook =
              String.valueOf(from).contains("/webhooks/") || webhookDirects.contains(from);
          if (!webhook) {
            continue;
          }
          webhookRoutes.add(id);
          String policy = String.valueOf(route.get("routeConfigurationId"));
          if (!policy.equals("webhook-errors")) {
            assertThat(operations.lines())
                .as("docs/operations.md line naming %s with %s", id, policy)
                .anyMatch(
                    line -> line.contains("`" + id + "`") && line.contains("`" + policy + "`"));
          }
        }
      }
    }
    assertThat(webhookRoutes)
        .contains(
            "inventory-webhook-receive",
            "servicedesk-webhook-receive",
            "customer-servicedesk-ingest");
  }

  private void walk(Object node, String where, String parentKey, List<String> violations) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        Object value = entry.getValue();
        String here = where + "/" + key;
        if (key.contains("-") && !"parameters".equals(parentKey)) {
          violations.add(here + " uses a kebab-case key; write camelCase");
        }
        if (ENDPOINT_KEYS.contains(key) && value instanceof String) {
          violations.add(here + " is compact; write {uri: ..., parameters: ...}");
        }
        if (ENDPOINT_KEYS.contains(key)
            && value instanceof Map<?, ?> endpoint
            && String.valueOf(endpoint.get("uri")).contains("?")) {
          violations.add(here + " puts options in the uri; use parameters:");
        }
        if (LANGUAGES.contains(key)
            && EXPRESSION_HOLDERS.contains(parentKey)
            && !"method".equals(key)) {
          violations.add(here + " is a bare expression; wrap it in expression:");
        }
        if (LANGUAGES.contains(key)
            && value instanceof String
            && !ATTRIBUTE_HOLDERS.contains(parentKey)) {
          violations.add(here + " is a compact expression; write {expression: ...}");
        }
        walk(value, here, key, violations);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), where + "[" + i + "]", parentKey, violations);
      }
    }
  }
}
