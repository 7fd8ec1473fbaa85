package io.retailhub.connector.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.jms.ConnectionFactory;
import java.util.Optional;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A connection factory without client-side prefetch (consumerWindowSize=0), for transacted
 * consumers that roll back on purpose to wait for a platform (the pending-ERP queue). With
 * prefetch, every rollback also returns the buffered messages and counts a delivery attempt for
 * each of them, so messages never handed to the route would reach the broker's
 * max-delivery-attempts and its DLQ.
 */
@ApplicationScoped
public class OneAtATimeConnectionFactoryProducer {

  @ConfigProperty(name = "hub.artemis.url")
  String url;

  @ConfigProperty(name = "hub.artemis.user")
  String user;

  @ConfigProperty(name = "hub.artemis.password")
  Optional<String> password;

  @Produces
  @ApplicationScoped
  @Named("artemisOneAtATimeConnectionFactory")
  ConnectionFactory oneAtATime() {
    ActiveMQConnectionFactory artemis =
        new ActiveMQConnectionFactory(
            url
                + "?reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5"
                + "&maxRetryInterval=5000&consumerWindowSize=0",
            user,
            password.orElse(null));
    return artemis;
  }
}
