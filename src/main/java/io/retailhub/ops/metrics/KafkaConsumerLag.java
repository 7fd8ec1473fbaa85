package io.retailhub.ops.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaEndpoint;

/**
 * {@code hub_kafka_consumer_lag{flow}}: records behind, summed over the partitions this pod's
 * consumers are assigned. Every route that consumes from Kafka is found at startup (its group is
 * the flow, its {@code groupId} the consumer group); the lag is the Kafka client's own {@code
 * records-lag} per assigned partition, which it keeps current with every fetch. Reading the
 * clients' metrics instead of polling the group with an admin client means each pod reports only
 * its own partitions, so {@code sum by (flow)} across pods is the group's lag.
 */
@ApplicationScoped
public class KafkaConsumerLag {

  static final String METER = "hub.kafka.consumer.lag";

  private final MeterRegistry registry;
  private final CamelContext camel;
  private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
  private final Map<String, String> groupByFlow = new TreeMap<>();

  KafkaConsumerLag(MeterRegistry registry, CamelContext camel) {
    this.registry = registry;
    this.camel = camel;
  }

  void install(@Observes StartupEvent started) {
    for (Route route : camel.getRoutes()) {
      if (route.getGroup() != null
          && route.getEndpoint() instanceof KafkaEndpoint kafka
          && kafka.getConfiguration().getGroupId() != null) {
        groupByFlow.putIfAbsent(route.getGroup(), kafka.getConfiguration().getGroupId());
      }
    }
    groupByFlow.forEach(
        (flow, group) ->
            Gauge.builder(METER, () -> lagOf(group))
                .description("Records behind, summed over the partitions assigned to this pod")
                .tag("flow", flow)
                .register(registry));
  }

  /** Consumer group per flow, for the flows that consume from Kafka. */
  public Map<String, String> groupByFlow() {
    return Map.copyOf(groupByFlow);
  }

  /** The current lag of this pod's consumers in the group, 0 while nothing is assigned. */
  public double lagOf(String group) {
    double lag = 0;
    try {
      // the Kafka client names its consumers consumer-<group.id>-<n> unless client.id is set
      ObjectName pattern =
          new ObjectName(
              "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=consumer-"
                  + group
                  + "-*,topic=*,partition=*");
      for (ObjectName partition : mbeans.queryNames(pattern, null)) {
        Object value = mbeans.getAttribute(partition, "records-lag");
        if (value instanceof Number number && !Double.isNaN(number.doubleValue())) {
          lag += number.doubleValue();
        }
      }
    } catch (Exception e) {
      return Double.NaN;
    }
    return lag;
  }
}
