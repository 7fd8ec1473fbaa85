package io.retailhub.ops.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka cluster answers a metadata request. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private volatile Admin admin;

  @Override
  public HealthCheckResponse call() {
    try {
      int nodes =
          admin()
              .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
              .nodes()
              .get(3, TimeUnit.SECONDS)
              .size();
      return HealthCheckResponse.named("kafka").up().withData("nodes", nodes).build();
    } catch (Exception e) {
      return HealthCheckResponse.named("kafka")
          .down()
          .withData("error", e.getClass().getSimpleName())
          .build();
    }
  }

  private Admin admin() {
    if (admin == null) {
      synchronized (this) {
        if (admin == null) {
          admin =
              Admin.create(
                  Map.of(
                      AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
        }
      }
    }
    return admin;
  }
}
