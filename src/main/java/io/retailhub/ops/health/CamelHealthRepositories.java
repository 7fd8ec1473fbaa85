package io.retailhub.ops.health;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.health.ConsumersHealthCheckRepository;
import org.apache.camel.impl.health.RoutesHealthCheckRepository;

/**
 * Camel's per-route and per-consumer readiness checks, less those that {@code
 * camel.health.exclude-pattern} names. camel-microprofile-health asks these repositories for their
 * checks directly and so never applies that setting; without this, a Salesforce Change Data Capture
 * route that the supervising route controller is still restarting held the whole hub not ready.
 * They take the ids of Camel's own repositories, so Camel uses them in place of its own; in
 * readiness they are named by those ids, {@code routes} and {@code consumers}, without the {@code
 * camel-} prefix that camel-microprofile-health gives only to classes of its own package.
 */
@ApplicationScoped
public class CamelHealthRepositories {

  // a singleton, not a client proxy: Camel sets its context through CamelContextAware
  @Produces
  @Singleton
  @Named("routes")
  @Unremovable
  HealthCheckRepository routes() {
    return new RoutesHealthCheckRepository() {
      @Override
      public Stream<HealthCheck> stream() {
        return withoutExcluded(getCamelContext(), super.stream());
      }
    };
  }

  @Produces
  @Singleton
  @Named("consumers")
  @Unremovable
  HealthCheckRepository consumers() {
    return new ConsumersHealthCheckRepository() {
      @Override
      public Stream<HealthCheck> stream() {
        return withoutExcluded(getCamelContext(), super.stream());
      }
    };
  }

  private static Stream<HealthCheck> withoutExcluded(
      CamelContext camelContext, Stream<HealthCheck> checks) {
    HealthCheckRegistry registry = HealthCheckRegistry.get(camelContext);
    return registry == null ? checks : checks.filter(check -> !registry.isExcluded(check));
  }
}
