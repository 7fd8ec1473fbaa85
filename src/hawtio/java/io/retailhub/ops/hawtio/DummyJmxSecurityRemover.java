package io.retailhub.ops.hawtio;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * Unregisters the "may I invoke this?" MBean that Hawtio registers outside Karaf. Its answer is
 * always yes (hence "Dummy"); the real answer comes from the hub's Jolokia policy. With it present
 * the console asks about every operation of every MBean in one request, which in a JVM with many
 * MBeans outgrows the hub's request size limit (413) and leaves the console empty. Without it the
 * console skips the question. Listed after HawtioContextListener in web.xml, which registers it.
 */
public class DummyJmxSecurityRemover implements ServletContextListener {

  static final String DUMMY_JMX_SECURITY =
      "hawtio:type=security,area=jmx,name=HawtioDummyJMXSecurity";
  private static final Logger LOG = Logger.getLogger(DummyJmxSecurityRemover.class);

  @Override
  public void contextInitialized(ServletContextEvent event) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName name = new ObjectName(DUMMY_JMX_SECURITY);
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (JMException e) {
      LOG.warnf("could not unregister %s: %s", DUMMY_JMX_SECURITY, e.toString());
    }
  }
}
