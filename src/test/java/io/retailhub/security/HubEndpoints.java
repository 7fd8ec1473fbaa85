package io.retailhub.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;

/**
 * Every HTTP endpoint the running hub serves, read from the CamelContext: the REST DSL definitions
 * (through the {@link Model}) and every route consuming from {@code platform-http}. A new endpoint
 * in any route file is therefore in the security tests without anyone listing it.
 */
final class HubEndpoints {

  /** One method on one path; path variables are filled with a probe value. */
  record HubEndpoint(String method, String path, String declaredAs) {
    @Override
    public String toString() {
      return method + " " + path + " (" + declaredAs + ")";
    }

    boolean isWebhook() {
      return path.startsWith("/webhooks/");
    }
  }

  private static final List<String> UNRESTRICTED_METHODS = List.of("GET", "POST");

  private HubEndpoints() {}

  static List<HubEndpoint> of(CamelContext camel) {
    Set<HubEndpoint> endpoints = new LinkedHashSet<>();
    String contextPath =
        camel.getRestConfiguration() == null ? null : camel.getRestConfiguration().getContextPath();
    Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
    for (RestDefinition rest : model.getRestDefinitions()) {
      for (VerbDefinition verb : rest.getVerbs()) {
        String path = join(contextPath, rest.getPath(), verb.getPath());
        endpoints.add(
            new HubEndpoint(
                verb.asVerb().toUpperCase(Locale.ROOT), probe(path), "rest " + rest.getId()));
      }
    }
    for (Route route : camel.getRoutes()) {
      Endpoint endpoint = route.getEndpoint();
      if (endpoint instanceof PlatformHttpEndpoint http) {
        List<String> methods =
            http.getHttpMethodRestrict() == null
                ? UNRESTRICTED_METHODS
                : Arrays.stream(http.getHttpMethodRestrict().split(","))
                    .map(method -> method.trim().toUpperCase(Locale.ROOT))
                    .toList();
        for (String method : methods) {
          endpoints.add(
              new HubEndpoint(method, probe(http.getPath()), "route " + route.getRouteId()));
        }
      }
    }
    return new ArrayList<>(endpoints);
  }

  private static String join(String... parts) {
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      if (part == null || part.isBlank() || part.equals("/")) {
        continue;
      }
      String trimmed = part.strip();
      path.append(trimmed.startsWith("/") ? "" : "/")
          .append(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
    }
    return path.length() == 0 ? "/" : path.toString();
  }

  /** Fills {@code {variables}} and a trailing wildcard with harmless probe values. */
  private static String probe(String path) {
    String filled = path.replaceAll("\\{[^}/]+}", "probe-1");
    return filled.endsWith("*") ? filled.substring(0, filled.length() - 1) + "probe" : filled;
  }
}
