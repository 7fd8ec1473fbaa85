package io.retailhub.it;

import io.retailhub.sandbox.seed.RetailSeed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/** Seed customers linked in the hub's store, as matching leaves them. */
public final class LinkedCustomers {
  private LinkedCustomers() {}

  /** Links seed customer {@code seedIndex} on all three platforms. */
  public static RetailSeed.Customer link(DataSource dataSource, int seedIndex) throws SQLException {
    RetailSeed.Customer customer = RetailSeed.standard().customers().get(seedIndex);
    try (Connection connection = dataSource.getConnection()) {
      record(connection, customer, allPlatformIds(customer));
    }
    return customer;
  }

  /** The customer's record ID on each platform, keyed by platform wire code. */
  public static Map<String, String> allPlatformIds(RetailSeed.Customer customer) {
    return Map.of(
        "erp", customer.erpBusinessPartner(),
        "salesforce", customer.salesforceContactId(),
        "servicedesk", String.valueOf(customer.zendeskUserId()));
  }

  /**
   * Records the customer's golden record and a cross-reference per platform given; what was linked
   * before stays as it is.
   */
  public static void record(
      Connection connection, RetailSeed.Customer customer, Map<String, String> platformIds)
      throws SQLException {
    execute(
        connection,
        "INSERT INTO customer_golden (golden_id, normalized_email) VALUES (?, ?)"
            + " ON CONFLICT DO NOTHING",
        customer.goldenId(),
        customer.email().toLowerCase());
    for (Map.Entry<String, String> id : platformIds.entrySet()) {
      execute(
          connection,
          "INSERT INTO customer_xref (golden_id, platform, platform_id, linked_by)"
              + " VALUES (?, ?, ?, 'test') ON CONFLICT DO NOTHING",
          customer.goldenId(),
          id.getKey(),
          id.getValue());
    }
  }

  private static void execute(Connection connection, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      statement.executeUpdate();
    }
  }
}
