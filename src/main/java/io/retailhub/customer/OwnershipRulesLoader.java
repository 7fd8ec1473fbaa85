package io.retailhub.customer;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads the ownership file at startup and fails startup when it is invalid: a hub that syncs
 * customers under rules nobody can read would spread wrong values to every system.
 */
@ApplicationScoped
public class OwnershipRulesLoader {
  private static final Logger LOG = Logger.getLogger(OwnershipRulesLoader.class);

  private final Path file;
  private volatile OwnershipRules rules;

  public OwnershipRulesLoader(@ConfigProperty(name = "hub.customers.ownership-file") String file) {
    this.file = Path.of(file);
  }

  void validateAtStartup(@Observes StartupEvent startup) {
    rules();
    LOG.infof("customer ownership rules loaded from %s: %d attributes", file, rules.all().size());
  }

  @Produces
  @Singleton
  OwnershipRules rules() {
    if (rules == null) {
      rules = OwnershipRules.load(file);
    }
    return rules;
  }
}
