package io.retailhub.ops;

import org.eclipse.microprofile.config.ConfigProvider;

/** URLs of the management port (probes, metrics) of the hub under test. */
final class Management {
  private Management() {}

  static String url(String path) {
    int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    if (port == 0) {
      port = ConfigProvider.getConfig().getValue("quarkus.management.port", Integer.class);
    }
    return "http://127.0.0.1:" + port + path;
  }

  static String hubUrl() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    if (port == 0) {
      port = ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class);
    }
    return "http://127.0.0.1:" + port;
  }
}
