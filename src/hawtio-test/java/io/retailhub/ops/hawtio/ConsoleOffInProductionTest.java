package io.retailhub.ops.hawtio;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Hawtio and its Jolokia agent are off in {@code %prod} unless HUB_HAWTIO_ENABLED=true: the
 * packaged configuration resolves the switch to false for the prod profile (true for dev and test),
 * and with the switch off the filter in front of every /hawtio path, Jolokia included, answers 404
 * without passing the request on. (HawtioRouteConsoleTest covers the switch on.)
 */
class ConsoleOffInProductionTest {

  private static SmallRyeConfig packagedConfig(String profile) throws Exception {
    URL properties =
        ConsoleOffInProductionTest.class.getClassLoader().getResource("application.properties");
    assertThat(properties).isNotNull();
    return new SmallRyeConfigBuilder()
        .addDefaultInterceptors()
        .withProfile(profile)
        .withSources(new PropertiesConfigSource(properties, 250))
        .build();
  }

  @Test
  void theProdProfileResolvesTheConsoleSwitchToOff() throws Exception {
    assertThat(System.getenv("HUB_HAWTIO_ENABLED")).as("not set in the test environment").isNull();
    assertThat(packagedConfig("prod").getValue("hub.hawtio.enabled", Boolean.class)).isFalse();
    assertThat(packagedConfig("dev").getValue("hub.hawtio.enabled", Boolean.class)).isTrue();
    assertThat(packagedConfig("test").getValue("hub.hawtio.enabled", Boolean.class)).isTrue();
  }

  @Test
  void withTheSwitchOffEveryConsolePathAnswers404() throws Exception {
    AtomicInteger status = new AtomicInteger();
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("sendError")) {
                    status.set((Integer) args[0]);
                  }
                  return null;
                });
    ServletRequest request =
        (ServletRequest)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                (proxy, method, args) -> null);
    AtomicBoolean passedOn = new AtomicBoolean();

    ConsoleSwitchFilter off = new ConsoleSwitchFilter(false);
    off.init(null);
    off.doFilter(request, response, (req, res) -> passedOn.set(true));

    assertThat(status.get()).isEqualTo(404);
    assertThat(passedOn).isFalse();

    ConsoleSwitchFilter on = new ConsoleSwitchFilter(true);
    on.init(null);
    on.doFilter(request, response, (req, res) -> passedOn.set(true));
    assertThat(passedOn).isTrue();
  }
}
