package io.retailhub.api.orders;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Availability of order lines against the inventory read model ({@code inventory_position}). The
 * read model lags the ERP by an event; the ERP's own stock check at create is the final word, and a
 * shortage it finds comes back as an ERP rejection (422).
 */
@ApplicationScoped
@Named("orderAvailability")
@Unremovable
public class OrderAvailability {

  /** One line's question: is {@code quantity} of {@code sku} available at {@code location}. */
  public record LineRequest(int lineNumber, String sku, String location, long quantity) {}

  /** One line's answer; a SKU without a position at the location has 0 available. */
  public record LineAvailability(
      int lineNumber, String sku, String location, long requested, long available) {
    public boolean isShort() {
      return available < requested;
    }
  }

  /** The joined answers of all lines (built by {@link AvailabilityAggregation}). */
  public record AvailabilityReport(List<LineAvailability> lines) {
    public List<LineAvailability> shortLines() {
      return lines.stream().filter(LineAvailability::isShort).toList();
    }

    public boolean anyShort() {
      return lines.stream().anyMatch(LineAvailability::isShort);
    }
  }

  private final AgroalDataSource dataSource;

  public OrderAvailability(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public LineAvailability check(LineRequest line) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT available FROM inventory_position WHERE sku = ? AND location = ?")) {
      select.setString(1, line.sku());
      select.setString(2, line.location());
      try (ResultSet row = select.executeQuery()) {
        long available = row.next() ? Math.max(0, row.getLong(1)) : 0;
        return new LineAvailability(
            line.lineNumber(), line.sku(), line.location(), line.quantity(), available);
      }
    }
  }
}
