package io.retailhub.sandbox.stack;

import java.nio.file.Path;
import java.util.Set;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * A real ActiveMQ Artemis broker, embedded, persistent, bound to 127.0.0.1 and requiring a login,
 * with the redelivery and dead-letter settings production brokers get (k8s/platform).
 */
public final class ArtemisBroker implements AutoCloseable {

  public static final String USER = "hub";

  private final Path dataDir;
  private final int port;
  private final String password;
  private EmbeddedActiveMQ broker;

  public ArtemisBroker(Path dataDir, int port, String password) {
    this.dataDir = dataDir;
    this.port = port == 0 ? FreePorts.next() : port;
    this.password = password;
  }

  public ArtemisBroker start() {
    Configuration config = new ConfigurationImpl();
    config.setName("sandbox-artemis");
    config.setPersistenceEnabled(true);
    config.setSecurityEnabled(true);
    config.setJournalDirectory(dataDir.resolve("journal").toString());
    config.setBindingsDirectory(dataDir.resolve("bindings").toString());
    config.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
    config.setPagingDirectory(dataDir.resolve("paging").toString());
    config.setJMXManagementEnabled(false);
    config.setGracefulShutdownEnabled(false);
    try {
      config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port + "?protocols=CORE");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    // why: a slow platform must fill the broker's disk (paging), never the hub's heap
    config.addAddressSetting(
        "#",
        new AddressSettings()
            .setMaxDeliveryAttempts(10)
            .setRedeliveryDelay(500)
            .setRedeliveryMultiplier(2.0)
            .setMaxRedeliveryDelay(30_000)
            .setDeadLetterAddress(SimpleString.of("DLA"))
            .setAutoCreateDeadLetterResources(true)
            .setDeadLetterQueuePrefix(SimpleString.of("DLA."))
            .setExpiryAddress(SimpleString.of("ExpiryQueue"))
            .setMaxSizeBytes(16L * 1024 * 1024)
            .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
            .setAutoCreateQueues(true)
            .setAutoCreateAddresses(true));
    // the pending-ERP queue has no delivery limit, as in k8s/platform/artemis.yaml: the hub parks
    // an order itself once it has waited its budget (docs/decisions/0022)
    config.addAddressSetting(
        "hub.orders.pending-erp",
        new AddressSettings()
            .setMaxDeliveryAttempts(-1)
            .setRedeliveryDelay(500)
            .setRedeliveryMultiplier(2.0)
            .setMaxRedeliveryDelay(30_000)
            .setExpiryAddress(SimpleString.of("ExpiryQueue"))
            .setMaxSizeBytes(16L * 1024 * 1024)
            .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
            .setAutoCreateQueues(true)
            .setAutoCreateAddresses(true));
    config.putSecurityRoles(
        "#", Set.of(new Role(USER, true, true, true, true, true, true, true, true, true, true)));

    SecurityConfiguration users = new SecurityConfiguration();
    users.addUser(USER, password);
    users.addRole(USER, USER);
    broker = new EmbeddedActiveMQ();
    broker.setConfiguration(config);
    broker.setSecurityManager(
        new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
    try {
      broker.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start Artemis in " + dataDir, e);
    }
    return this;
  }

  /** Stops and starts the broker on the same port and journal, for broker-restart fault tests. */
  public void restart() {
    close();
    start();
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public String password() {
    return password;
  }

  @Override
  public void close() {
    if (broker != null) {
      try {
        broker.stop();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      broker = null;
    }
  }
}
