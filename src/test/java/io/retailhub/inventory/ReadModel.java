package io.retailhub.inventory;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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
