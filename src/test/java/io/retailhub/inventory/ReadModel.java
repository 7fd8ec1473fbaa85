package io.retailhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.sandbox.erp.ErpSimulator.StockView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Test access to the read model table. */
record ReadModel(AgroalDataSource dataSource) {

  /** {onHand, reserved, available, sourceSequence}, or null when there is no row. */
  long[] position(String sku, String location) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT on_hand, reserved, available, source_sequence FROM inventory_position"
                    + " WHERE sku = ? AND location = ?")) {
      query.setString(1, sku);
      query.setString(2, location);
      try (ResultSet row = query.executeQuery()) {
        return row.next()
            ? new long[] {row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)}
            : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the read model holds the ERP's own current position of {@code sku} at a plant. */
  void awaitTheErpPosition(String sku, String plant) {
    StockView erp = SandboxTestResource.stack().erp().stock(sku, plant).orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(position(sku, plant))
                    .containsExactly(
                        erp.onHand(), erp.reserved(), erp.available(), erp.changeSequence()));
  }

  void execute(String sql, Object... args) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
