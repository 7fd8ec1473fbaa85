package io.retailhub.connector.erp;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SKUs the hub knows, kept in table {@code product}. The sandbox ERP exposes no material-master
 * service, so the table learns from the ERP stock service instead: every reconciliation run records
 * each material it reads, and a SKU not yet in the table is looked up once in the ERP before an
 * event is called "unknown SKU". A material the ERP itself does not know is the only unknown SKU.
 */
@ApplicationScoped
public class SkuCatalog {
  private final AgroalDataSource dataSource;
  private final ErpStockClient erp;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public SkuCatalog(AgroalDataSource dataSource, ErpStockClient erp) {
    this.dataSource = dataSource;
    this.erp = erp;
  }

  public boolean isKnown(String sku) {
    if (known.contains(sku)) {
      return true;
    }
    if (inTable(sku) || !erp.positionsOf(sku, null).isEmpty()) {
      remember(sku, "erp-stock");
      return true;
    }
    return false;
  }

  /** Records a SKU seen in the ERP (idempotent). */
  public void remember(String sku, String learnedFrom) {
    if (known.contains(sku)) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO product (sku, learned_from) VALUES (?, ?) ON CONFLICT (sku) DO NOTHING")) {
      insert.setString(1, sku);
      insert.setString(2, learnedFrom);
      insert.executeUpdate();
      known.add(sku);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record product " + sku, e);
    }
  }

  private boolean inTable(String sku) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT 1 FROM product WHERE sku = ?")) {
      query.setString(1, sku);
      try (ResultSet rows = query.executeQuery()) {
        if (rows.next()) {
          known.add(sku);
          return true;
        }
        return false;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read product " + sku, e);
    }
  }
}
