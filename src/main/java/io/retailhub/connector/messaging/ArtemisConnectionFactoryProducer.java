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
 * The one JMS connection factory of the hub, for the camel-jms component. The client reconnects
 * forever, so a broker restart pauses work instead of failing it.
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
                + "?reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5"
                + "&maxRetryInterval=5000&consumerWindowSize="
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
