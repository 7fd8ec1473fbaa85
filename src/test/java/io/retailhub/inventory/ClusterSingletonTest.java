package io.retailhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.ops.leadership.ClusterSingleton;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Two hub pods, one leader per job; the other takes over when the leader lets go. */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ClusterSingletonTest {

  @Inject ClusterSingleton thisPod;
  @Inject DataSource dataSource;

  @Test
  void onlyOnePodLeadsAJobAndAnotherTakesOverWhenItLetsGo() {
    ClusterSingleton otherPod = new ClusterSingleton(dataSource);
    String job = "job-" + UUID.randomUUID();
    try {
      assertThat(thisPod.isLeader(job)).isTrue();
      assertThat(thisPod.isLeader(job)).as("the leader stays leader").isTrue();
      assertThat(otherPod.isLeader(job)).isFalse();

      thisPod.release(job);

      assertThat(otherPod.isLeader(job)).isTrue();
      assertThat(thisPod.isLeader(job)).isFalse();
    } finally {
      otherPod.release(job);
      thisPod.release(job);
    }
  }

  @Test
  void theRunningHubLeadsTheSalesforceSync() {
    // the hub's sync asks on its first run, one window after start
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> advisoryLocksHeldOn("inventory-salesforce-sync") == 1);
    ClusterSingleton otherPod = new ClusterSingleton(dataSource);
    try {
      assertThat(otherPod.isLeader("inventory-salesforce-sync")).isFalse();
    } finally {
      otherPod.release("inventory-salesforce-sync");
    }
  }

  private int advisoryLocksHeldOn(String job) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND objid = (hashtext(?)::bigint & 4294967295)::oid")) {
      query.setString(1, job);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }
}
