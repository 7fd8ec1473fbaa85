package io.retailhub.it;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;

/**
 * Routes that a test adds to the running hub. The hub runs Camel's supervising route controller
 * (decision 0023), which does not start routes added after the context has started, so they are
 * started here. The hub itself adds no routes at runtime.
 */
public final class TestRoutes {

  private TestRoutes() {}

  public static void addAndStart(CamelContext camel, RoutesBuilder routes) throws Exception {
    Set<String> existing = camel.getRoutes().stream().map(Route::getId).collect(Collectors.toSet());
    camel.addRoutes(routes);
    for (Route route : camel.getRoutes()) {
      if (!existing.contains(route.getId())) {
        camel.getRouteController().startRoute(route.getId());
      }
    }
  }
}
