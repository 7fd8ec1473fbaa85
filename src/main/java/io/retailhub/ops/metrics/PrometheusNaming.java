package io.retailhub.ops.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Makes every meter the hub exposes follow the Prometheus naming conventions, which {@code promtool
 * check metrics} enforces (ObservabilityMetricsTest): Camel tags its meters in camelCase ({@code
 * routeId}, {@code camelContext}, {@code endpointName}), which become {@code route_id}, {@code
 * camel_context}, {@code endpoint_name}; {@code system.cpu.count} is a gauge whose name ends in
 * {@code _count} and becomes {@code system_cpus}; {@code process.cpu.time} is reported in
 * nanoseconds (an abbreviated, non-base unit) and is dropped, {@code process_cpu_usage} covers it.
 */
@Singleton
public class PrometheusNaming {

  private static final Pattern CAMEL_CASE = Pattern.compile("([a-z0-9])([A-Z])");

  @Produces
  @Singleton
  MeterFilter snakeCaseTagKeys() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        boolean camelCased =
            id.getTags().stream().anyMatch(tag -> !snake(tag.getKey()).equals(tag.getKey()));
        if (!camelCased) {
          return id;
        }
        List<Tag> tags = new ArrayList<>();
        id.getTags().forEach(tag -> tags.add(Tag.of(snake(tag.getKey()), tag.getValue())));
        return id.replaceTags(tags);
      }
    };
  }

  @Produces
  @Singleton
  MeterFilter conventionalProcessMeters() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
      }
    };
  }

  /**
   * The Prometheus client escapes {@code "} in HELP lines, which text format 0.0.4 does not allow
   * (promtool: "invalid escape sequence"); descriptions quote with apostrophes instead. Meters
   * without a description (Camel's, Netty's, some JVM binders) get one naming the meter, since
   * promtool also requires HELP text.
   */
  @Produces
  @Singleton
  MeterFilter helpWithoutDoubleQuotes() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String description = id.getDescription();
        if (description == null || description.isBlank()) {
          description = id.getName() + " (the instrumenting library gives no description)";
        } else if (description.indexOf('"') < 0) {
          return id;
        }
        return new Meter.Id(
            id.getName(),
            Tags.of(id.getTagsAsIterable()),
            id.getBaseUnit(),
            description.replace('"', '\''),
            id.getType());
      }
    };
  }

  @Produces
  @Singleton
  MeterFilter dropNanosecondCpuTime() {
    return MeterFilter.denyNameStartsWith("process.cpu.time");
  }

  /**
   * Vert.x's open-connection long task timer is written as a family whose samples ({@code
   * _active_count}, {@code _duration_sum}) do not carry its name, which promtool rejects; {@code
   * http_server_active_requests} and the request timers cover the HTTP server.
   */
  @Produces
  @Singleton
  MeterFilter dropConnectionLongTaskTimer() {
    return MeterFilter.denyNameStartsWith("http.server.connections");
  }

  static String snake(String key) {
    return CAMEL_CASE.matcher(key).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
  }
}
