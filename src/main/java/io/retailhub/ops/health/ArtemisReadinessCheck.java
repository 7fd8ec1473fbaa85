package io.retailhub.ops.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.util.Optional;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Artemis broker accepts a login. It uses its own non-reconnecting factory:
 * the hub's shared one retries forever and would hang the probe.
 */
@Readiness
@ApplicationScoped
public class ArtemisReadinessCheck implements HealthCheck {

  @ConfigProperty(name = "hub.artemis.url")
  String url;

  @ConfigProperty(name = "hub.artemis.user")
  String user;

  @ConfigProperty(name = "hub.artemis.password")
  Optional<String> password;

  @Override
  public HealthCheckResponse call() {
    try (ActiveMQConnectionFactory probe =
            new ActiveMQConnectionFactory(
                url + "?reconnectAttempts=0&initialConnectAttempts=1&callTimeout=2000",
                user,
                password.orElse(null));
        Connection connection = probe.createConnection()) {
      connection.start();
      return HealthCheckResponse.named("artemis").up().build();
    } catch (JMSException e) {
      return HealthCheckResponse.named("artemis")
          .down()
          .withData("error", e.getClass().getSimpleName())
          .build();
    }
  }
}
