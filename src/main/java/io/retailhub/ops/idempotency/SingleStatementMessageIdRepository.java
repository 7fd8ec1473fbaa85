package io.retailhub.ops.idempotency;

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
}
