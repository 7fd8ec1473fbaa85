package io.retailhub.ops.leadership;

import io.quarkus.arc.Unremovable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Lets exactly one hub pod run a job that must not run twice at once, such as the Salesforce
 * inventory sync, where two pods sending the same keys could let an older position overwrite a
 * newer one. The leader is the pod that holds a PostgreSQL session advisory lock named after the
 * job, on a connection it keeps for that purpose. When the pod dies or loses its connection,
 * PostgreSQL releases the lock and the next pod to ask takes over; no heartbeat table, no lease to
 * expire. Camel's {@code master:} component would need a cluster service (Kubernetes, ZooKeeper,
 * Consul), which the hub does not otherwise depend on (docs/decisions/0011).
 */
@ApplicationScoped
@Unremovable
@Named("clusterSingleton")
public class ClusterSingleton {

  private static final Logger LOG = Logger.getLogger(ClusterSingleton.class);
  private static final int VALIDATION_TIMEOUT_SECONDS = 2;

  private final DataSource dataSource;
  private final Map<String, Connection> lockConnections = new HashMap<>();

  public ClusterSingleton(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Whether this pod leads {@code job}; asks for the lock if it does not yet. Call it at the start
   * of every run, so that a pod whose lock connection broke stops running the job at once.
   */
  public synchronized boolean isLeader(String job) {
    Connection held = lockConnections.get(job);
    if (held != null) {
      if (isValid(held)) {
        return true;
      }
      LOG.warnf("lost the lock connection of %s; asking for leadership again", job);
      release(job);
    }
    return tryAcquire(job);
  }

  /** Gives up leadership of {@code job}, so another pod can take it. */
  public synchronized void release(String job) {
    Connection held = lockConnections.remove(job);
    if (held != null) {
      unlockAndClose(job, held);
    }
  }

  @PreDestroy
  synchronized void releaseAll() {
    lockConnections.forEach(ClusterSingleton::unlockAndClose);
    lockConnections.clear();
  }

  // close() only returns a pooled connection, and its session would keep the lock: unlock first
  private static void unlockAndClose(String job, Connection connection) {
    try (PreparedStatement unlock =
        connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
      unlock.setString(1, job);
      unlock.execute();
    } catch (SQLException e) {
      LOG.debugf("unlocking %s failed (a broken session holds no lock): %s", job, e.getMessage());
    }
    closeQuietly(connection);
  }

  private boolean tryAcquire(String job) {
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      try (PreparedStatement lock =
          connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
        lock.setString(1, job);
        try (ResultSet result = lock.executeQuery()) {
          if (result.next() && result.getBoolean(1)) {
            lockConnections.put(job, connection);
            LOG.infof("this pod now leads %s", job);
            return true;
          }
        }
      }
      closeQuietly(connection);
      return false;
    } catch (SQLException e) {
      // no database, no leadership: the job waits rather than risk running on two pods
      LOG.warnf("cannot ask for the lock of %s: %s", job, e.getMessage());
      closeQuietly(connection);
      return false;
    }
  }

  private static boolean isValid(Connection connection) {
    try {
      return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debugf("closing a lock connection failed: %s", e.getMessage());
    }
  }
}
