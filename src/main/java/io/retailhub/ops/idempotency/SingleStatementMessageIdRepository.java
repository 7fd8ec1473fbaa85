package io.retailhub.ops.idempotency;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * Camel's {@link JdbcMessageIdRepository} on the same table, with one PostgreSQL round trip per
 * call instead of a transaction around a count and an insert. The inherited {@code add} runs BEGIN,
 * SELECT COUNT, INSERT and COMMIT, and {@code contains} a SELECT inside a transaction; on the ERP
 * webhook those round trips were most of the time per request (docs/benchmarks.md). An {@code
 * INSERT ... ON CONFLICT DO NOTHING} answers "was it new" atomically, so the transaction is not
 * needed for correctness between pods either: the primary key decides.
 */
public class SingleStatementMessageIdRepository extends JdbcMessageIdRepository {

  private static final String INSERT_IF_ABSENT =
      "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt)"
          + " VALUES (?, ?, now()) ON CONFLICT DO NOTHING";
  private static final String EXISTS =
      "SELECT EXISTS (SELECT 1 FROM CAMEL_MESSAGEPROCESSED"
          + " WHERE processorName = ? AND messageId = ?)";
  private static final String CONTAINED =
      "SELECT messageId FROM CAMEL_MESSAGEPROCESSED"
          + " WHERE processorName = ? AND messageId = ANY (?)";
  private static final String INSERT_ALL_IF_ABSENT =
      "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt)"
          + " SELECT ?, unnest(?::varchar[]), now() ON CONFLICT DO NOTHING";
  private static final String DELETE =
      "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?";

  private final DataSource dataSource;

  public SingleStatementMessageIdRepository(DataSource dataSource, String processorName) {
    super(dataSource, processorName);
    this.dataSource = dataSource;
    // Flyway (V1) owns the table; the repository never tries DDL itself
    setCreateTableIfNotExists(false);
  }

  @Override
  public boolean add(String key) {
    return jdbcTemplate.update(INSERT_IF_ABSENT, processorName, key) == 1;
  }

  @Override
  public boolean contains(String key) {
    return Boolean.TRUE.equals(
        jdbcTemplate.queryForObject(EXISTS, Boolean.class, processorName, key));
  }

  @Override
  public boolean remove(String key) {
    return jdbcTemplate.update(DELETE, processorName, key) == 1;
  }

  /** Which of {@code keys} are already recorded, in one round trip. */
  public Set<String> containedOf(Collection<String> keys) {
    Set<String> contained = new HashSet<>();
    if (keys.isEmpty()) {
      return contained;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(CONTAINED)) {
      select.setString(1, processorName);
      select.setArray(2, varcharArray(connection, keys));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          contained.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the processed ids of " + processorName, e);
    }
    return contained;
  }

  /** Records every one of {@code keys} (those already there stay as they are), in one statement. */
  public void addAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT_ALL_IF_ABSENT)) {
      insert.setString(1, processorName);
      insert.setArray(2, varcharArray(connection, keys));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not record the processed ids of " + processorName, e);
    }
  }

  private static Array varcharArray(Connection connection, Collection<String> keys)
      throws SQLException {
    return connection.createArrayOf("varchar", keys.toArray());
  }
}
