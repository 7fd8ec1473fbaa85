package io.retailhub.ops.idempotency;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.jdbc.core.RowCallbackHandler;

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

  public SingleStatementMessageIdRepository(DataSource dataSource, String processorName) {
    super(dataSource, processorName);
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
    if (!keys.isEmpty()) {
      jdbcTemplate.query(
          connection -> withKeys(connection.prepareStatement(CONTAINED), keys),
          (RowCallbackHandler) row -> contained.add(row.getString(1)));
    }
    return contained;
  }

  /** Records every one of {@code keys} (those already there stay as they are), in one statement. */
  public void addAll(Collection<String> keys) {
    if (!keys.isEmpty()) {
      jdbcTemplate.update(
          connection -> withKeys(connection.prepareStatement(INSERT_ALL_IF_ABSENT), keys));
    }
  }

  private PreparedStatement withKeys(PreparedStatement statement, Collection<String> keys)
      throws SQLException {
    statement.setString(1, processorName);
    statement.setArray(2, statement.getConnection().createArrayOf("varchar", keys.toArray()));
    return statement;
  }
}
