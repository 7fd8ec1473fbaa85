package io.retailhub.ops.hawtio;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Settles Hawtio's own switches before {@code io.hawt.HawtioContextListener} reads them (web.xml
 * lists this listener first). Hawtio reads its configuration from {@code hawtio.*} system
 * properties only, so that is where they go; a value an operator passed with {@code -D} wins.
 */
public class HawtioSettingsListener implements ServletContextListener {

  @Override
  public void contextInitialized(ServletContextEvent event) {
    // the hub's bearer policy (HubAccessPolicy: ops:admin on /hawtio) is the only login; Hawtio's
    // own form login would ask for a second, JAAS-backed password the hub does not have
    setDefault("hawtio.authenticationEnabled", "false");
    // the console shows this JVM only: its proxy would let a caller reach other hosts' Jolokia
    setDefault("hawtio.disableProxy", "true");
    setDefault("hawtio.localAddressProbing", "false");
    setDefault("hawtio.keycloakEnabled", "false");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
