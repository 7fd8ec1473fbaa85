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
 * The hub's JMS connection factories for the camel-jms component: a caching one for sends, and a
 * plain one for listener containers, which keep their own connection, session and consumer and
 * re-create all three on their recovery interval. Recovery from a broker restart is Spring's, not
 * the Artemis client's: a lost connection fails at once instead of reconnecting underneath cached
 * sessions. Listeners once shared the caching factory: after a broker restart they were handed
 * cached sessions the restart had closed ("Session is closed" on commit) and stalled for seconds to
 * minutes, one recovery cycle per dead session.
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

  @ConfigProperty(name = "hub.artemis.session-cache-size")
  int sessionCacheSize;

  @Produces
  @ApplicationScoped
  @Named("artemisConnectionFactory")
  ConnectionFactory connectionFactory() {
    ActiveMQConnectionFactory artemis = artemis();
    // why: without it every send looks the queue up on the broker (one more round trip per send);
    // queue names are fixed in the routes
    artemis.setCacheDestinations(true);
    CachingConnectionFactory caching = new CachingConnectionFactory(artemis);
    // concurrent senders beyond the cache open and close a session of their own (two broker round
    // trips, serialised on the shared connection): order submission sends from HTTP threads, up to
    // one per request while the ERP circuit is open (docs/decisions/0061)
    caching.setSessionCacheSize(sessionCacheSize);
    caching.setReconnectOnException(true);
    return caching;
  }

  @Produces
  @ApplicationScoped
  @Named("artemisListenerConnectionFactory")
  ConnectionFactory listenerConnectionFactory() {
    return artemis();
  }

  private ActiveMQConnectionFactory artemis() {
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
    return artemis;
  }

  void close(@Disposes ConnectionFactory factory) {
    if (factory instanceof CachingConnectionFactory caching) {
      caching.destroy();
    }
  }
}
