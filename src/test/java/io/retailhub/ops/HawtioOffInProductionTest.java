package io.retailhub.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.retailhub.it.BearerTokens;
import io.retailhub.it.SandboxTestResource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hawtio and its Jolokia agent are off in {@code %prod} unless HUB_HAWTIO_ENABLED=true: the
 * packaged configuration resolves to false for the prod profile, and a hub running with that value
 * answers 404 on every console path even to an ops:admin token.
 */
@QuarkusTest
@TestProfile(ProductionSwitchesProfile.class)
@QuarkusTestResource(SandboxTestResource.class)
class HawtioOffInProductionTest {

  @Test
  void theProdProfileResolvesTheConsoleSwitchToOff() throws Exception {
    URL properties = getClass().getClassLoader().getResource("application.properties");
    assertThat(properties).isNotNull();
    SmallRyeConfig prod =
        new SmallRyeConfigBuilder()
            .addDefaultInterceptors()
            .withProfile("prod")
            .withSources(new PropertiesConfigSource(properties, 250))
            .build();
    assertThat(prod.getValue("hub.hawtio.enabled", Boolean.class)).isFalse();
    SmallRyeConfig dev =
        new SmallRyeConfigBuilder()
            .addDefaultInterceptors()
            .withProfile("dev")
            .withSources(new PropertiesConfigSource(properties, 250))
            .build();
    assertThat(dev.getValue("hub.hawtio.enabled", Boolean.class)).isTrue();
  }

  @Test
  void everyConsolePathAnswers404WhenTheSwitchIsOff() {
    for (String path :
        List.of("/hawtio/", "/hawtio/camel/routes", "/hawtio/jolokia/version", "/hawtio/jolokia")) {
      given()
          .header("Authorization", BearerTokens.bearer("ops:admin"))
          .when()
          .get(path)
          .then()
          .statusCode(404);
    }
  }
}
