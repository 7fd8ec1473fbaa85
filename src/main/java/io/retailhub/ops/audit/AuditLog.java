package io.retailhub.ops.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code audit_record} table: who did what to which entity, when, and how it ended. */
@ApplicationScoped
public class AuditLog {

  /** One audit record; {@code detail} is a reason or a count, never a payload. */
  public record Entry(
      long id,
      Instant occurredAt,
      String actor,
      String action,
      String target,
      String entityKey,
      String outcome,
      String correlationId,
      String detail) {}

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(AuditLog.class);

  private final DataSource dataSource;

  AuditLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void record(
      String actor,
      String action,
      String target,
      String entityKey,
      String outcome,
      String correlationId,
      String detail)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO audit_record (actor, action, target, entity_key, outcome,"
                    + " correlation_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, actor);
      insert.setString(2, action);
      insert.setString(3, target);
      insert.setString(4, entityKey);
      insert.setString(5, outcome);
      insert.setString(6, correlationId);
      insert.setString(7, detail);
      insert.executeUpdate();
    }
    // the log line lets a transaction be followed by correlation ID without a database query; it
    // holds keys and outcomes only (the detail may hold a reason text and stays in the table)
    LOG.infof(
        "audit actor=%s action=%s target=%s entity=%s outcome=%s",
        actor, action, target, entityKey, outcome);
  }

  /** One entity of a write that addressed many at once (a collection call). */
  public record EntityOutcome(String entityKey, String outcome) {}

  /**
   * One record per entity of one platform call, in one JDBC batch; one log line for the call (a
   * line per entity would flood the log at inventory volumes).
   */
  public void recordAll(
      String actor,
      String action,
      String target,
      List<EntityOutcome> entities,
      String correlationId,
      String detail)
      throws SQLException {
    if (entities.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO audit_record (actor, action, target, entity_key, outcome,"
                    + " correlation_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (EntityOutcome entity : entities) {
        insert.setString(1, actor);
        insert.setString(2, action);
        insert.setString(3, target);
        insert.setString(4, entity.entityKey());
        String outcome = entity.outcome();
        insert.setString(5, outcome.length() <= 32 ? outcome : outcome.substring(0, 32));
        insert.setString(6, correlationId);
        insert.setString(7, detail);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    LOG.infof(
        "audit actor=%s action=%s target=%s entities=%d outcomes=%s",
        actor,
        action,
        target,
        entities.size(),
        entities.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    EntityOutcome::outcome,
                    java.util.TreeMap::new,
                    java.util.stream.Collectors.counting())));
  }

  /** Newest first; {@code beforeId} is the cursor. */
  public List<Entry> list(String entityKey, Instant since, Long beforeId, int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, occurred_at, actor, action, target, entity_key, outcome, correlation_id,"
                + " detail FROM audit_record WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (entityKey != null) {
      sql.append(" AND entity_key = ?");
      args.add(entityKey);
    }
    if (since != null) {
      sql.append(" AND occurred_at >= ?");
      args.add(Timestamp.from(since));
    }
    if (beforeId != null) {
      sql.append(" AND id < ?");
      args.add(beforeId);
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(limit);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        query.setObject(i + 1, args.get(i));
      }
      List<Entry> page = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          page.add(
              new Entry(
                  rows.getLong(1),
                  rows.getTimestamp(2).toInstant(),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getString(7),
                  rows.getString(8),
                  rows.getString(9)));
        }
      }
      return page;
    }
  }
}
