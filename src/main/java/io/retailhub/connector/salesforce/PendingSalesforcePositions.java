package io.retailhub.connector.salesforce;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Removes settled positions from {@code inventory_salesforce_pending}, each only if its row still
 * carries the revision that was sent: a change committed while the batch was in flight has a newer
 * revision, so its row stays and the next run sends it.
 */
@ApplicationScoped
@Named("pendingSalesforcePositions")
public class PendingSalesforcePositions {

  private final AgroalDataSource dataSource;

  PendingSalesforcePositions(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @SuppressWarnings("unchecked")
  public void settle(Exchange exchange) throws SQLException {
    List<PendingPosition> settled =
        exchange.getProperty(SalesforceInventorySync.SETTLED, List.of(), List.class);
    if (settled.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM inventory_salesforce_pending"
                    + " WHERE sku = ? AND location = ? AND revision = ?")) {
      for (PendingPosition pending : settled) {
        delete.setString(1, pending.position().sku());
        delete.setString(2, pending.position().location());
        delete.setLong(3, pending.revision());
        delete.addBatch();
      }
      delete.executeBatch();
    }
  }
}
