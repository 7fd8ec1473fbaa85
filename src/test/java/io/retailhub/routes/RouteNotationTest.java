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
        // endpoint options (parameters:) are not expressions, even when named like a language
        if (LANGUAGES.contains(key) && value instanceof String && !"parameters".equals(parentKey)) {
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
