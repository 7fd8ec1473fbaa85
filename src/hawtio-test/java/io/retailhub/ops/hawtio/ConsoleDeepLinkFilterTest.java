package io.retailhub.ops.hawtio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleDeepLinkFilterTest {

  @ParameterizedTest
  @CsvSource({
    "/hawtio/camel/routes, true",
    "/hawtio/camel, true",
    "/hawtio/jmx/attributes, true",
    "/hawtio/, false",
    "/hawtio/index.html, false",
    "/hawtio/static/js/main.8fd02e46.js, false",
    "/hawtio/jolokia, false",
    "/hawtio/jolokia/read/java.lang:type=Memory, false",
    "/hawtio/proxy/enabled, false",
    "/hawtio/auth/config, false",
    "/hawtio/plugin, false",
    "/console/, false",
    "/api/v1/orders, false",
  })
  void onlyConsoleViewsServeTheAppPage(String path, boolean servesIndex) {
    assertThat(ConsoleDeepLinkFilter.isView(path)).isEqualTo(servesIndex);
  }
}
