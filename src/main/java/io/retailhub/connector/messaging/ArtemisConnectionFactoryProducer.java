package io.retailhub.connector.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.jms.ConnectionFactory;
import java.util.Optional;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The one JMS connection factory of the hub, for the camel-jms component. Recovery from a broker
 * restart is Spring's, not the Artemis client's: a lost connection fails at once, the caching
 * factory drops it, listener containers reconnect on their recovery interval and the next send
 * opens a fresh connection. The client's own transparent reconnect kept dead sessions cached and
 * stalled every consumer for its 30 s call timeout after a restart.
 */
@ApplicationScoped
public class ArtemisConnectionFactoryProducer {

  @ConfigProperty(name = "hub.artemis.url")
  String url;

  @ConfigProperty(name = "hub.artemis.user")
  String user;

  @ConfigProperty(name = "hub.artemis.password")
  Optional<String> password;

  @ConfigProperty(name = "hub.artemis.consumer-window-size")
  int consumerWindowSize;

  @Produces
  @ApplicationScoped
  @Named("artemisConnectionFactory")
  ConnectionFactory connectionFactory() {
    ActiveMQConnectionFactory artemis =
        new ActiveMQConnectionFactory(
            url
                + "?reconnectAttempts=0&initialConnectAttempts=1&callTimeout=5000&callFailoverTimeout=5000"
                + "&consumerWindowSize="
                + consumerWindowSize,
            user,
            password.orElse(null));
    // why: persistent sends must be confirmed by the broker before the route continues
    artemis.setBlockOnDurableSend(true);
    CachingConnectionFactory caching = new CachingConnectionFactory(artemis);
    caching.setSessionCacheSize(16);
    caching.setReconnectOnException(true);
    return caching;
  }

  void close(@Disposes ConnectionFactory factory) {
    if (factory instanceof CachingConnectionFactory caching) {
      caching.destroy();
    }
  }
}
