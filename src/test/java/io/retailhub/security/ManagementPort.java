package io.retailhub.security;

import org.eclipse.microprofile.config.ConfigProvider;

/** URLs on the hub's management interface (probes, metrics) in a running test. */
final class ManagementPort {

  private ManagementPort() {}

  static String url(String path) {
    int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    if (port == 0) {
      port = ConfigProvider.getConfig().getValue("quarkus.management.port", Integer.class);
    }
    return "http://127.0.0.1:" + port + path;
  }
}
