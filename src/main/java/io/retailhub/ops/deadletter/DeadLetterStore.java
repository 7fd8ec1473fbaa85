package io.retailhub.ops.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code dead_letter} table: plain JDBC, each method one short transaction. */
@ApplicationScoped
public class DeadLetterStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> HEADERS =
      new TypeReference<>() {};
  private static final String COLUMNS =
      "id, flow, impact, status, failure_kind, route_id, endpoint, exception_class,"
          + " exception_message, attempts, correlation_id, source_key, replay_uri, headers, body,"
          + " created_at, replay_of, superseded_by, replay_outcome, resolved_at, resolved_by,"
          + " discard_reason";

  private final DataSource dataSource;

  DeadLetterStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A filter of the ops listing; null fields do not filter. */
  public record Query(
      String flow,
      BusinessImpact impact,
      Instant since,
      DeadLetter.Status status,
      Long beforeId,
      int limit) {}

  /**
   * Stores the entry and returns its id. The same consumed message (same flow and source key)
   * stored twice, e.g. redelivered after a crash between this write and the broker ack, keeps its
   * first entry. When the entry is a failed replay, the replayed entry is linked to it.
   */
  public long insert(DeadLetter.New entry) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        long id = insertOrFind(connection, entry);
        if (entry.replayOf() != null) {
          try (PreparedStatement link =
              connection.prepareStatement(
                  "UPDATE dead_letter SET superseded_by = ?, replay_outcome = 'FAILED'"
                      + " WHERE id = ? AND id <> ?")) {
            link.setLong(1, id);
            link.setLong(2, entry.replayOf());
            link.setLong(3, id);
            link.executeUpdate();
          }
        }
        connection.commit();
        return id;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private long insertOrFind(Connection connection, DeadLetter.New entry) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO dead_letter (flow, impact, failure_kind, route_id, endpoint,"
                + " exception_class, exception_message, attempts, correlation_id, source_key,"
                + " replay_uri, headers, body, replay_of)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (flow, source_key) DO NOTHING RETURNING id")) {
      insert.setString(1, entry.flow());
      insert.setString(2, entry.impact().name());
      insert.setString(3, entry.failureKind().wireCode());
      insert.setString(4, entry.routeId());
      insert.setString(5, truncate(entry.endpoint(), 1000));
      insert.setString(6, truncate(entry.exceptionClass(), 300));
      insert.setString(7, entry.exceptionMessage());
      insert.setInt(8, entry.attempts());
      insert.setString(9, entry.correlationId());
      insert.setString(10, truncate(entry.sourceKey(), 400));
      insert.setString(11, entry.replayUri());
      insert.setString(12, toJson(entry.headers()));
      insert.setBytes(13, entry.body());
      if (entry.replayOf() == null) {
        insert.setNull(14, Types.BIGINT);
      } else {
        insert.setLong(14, entry.replayOf());
      }
      try (ResultSet rows = insert.executeQuery()) {
        if (rows.next()) {
          return rows.getLong(1);
        }
      }
    }
    try (PreparedStatement existing =
        connection.prepareStatement(
            "SELECT id FROM dead_letter WHERE flow = ? AND source_key = ?")) {
      existing.setString(1, entry.flow());
      existing.setString(2, truncate(entry.sourceKey(), 400));
      try (ResultSet rows = existing.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  public Optional<DeadLetter> find(long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  /** Newest first; {@code beforeId} is the cursor (the last id of the previous page). */
  public List<DeadLetter> list(Query filter) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM dead_letter WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (filter.flow() != null) {
      sql.append(" AND flow = ?");
      args.add(filter.flow());
    }
    if (filter.impact() != null) {
      sql.append(" AND impact = ?");
      args.add(filter.impact().name());
    }
    if (filter.since() != null) {
      sql.append(" AND created_at >= ?");
      args.add(Timestamp.from(filter.since()));
    }
    if (filter.status() != null) {
      sql.append(" AND status = ?");
      args.add(filter.status().name());
    }
    if (filter.beforeId() != null) {
      sql.append(" AND id < ?");
      args.add(filter.beforeId());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(filter.limit());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        query.setObject(i + 1, args.get(i));
      }
      List<DeadLetter> page = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          page.add(read(rows));
        }
      }
      return page;
    }
  }

  /** The earlier entries this one descends from by failed replays, nearest first. */
  public List<DeadLetter> history(DeadLetter entry) throws SQLException {
    List<DeadLetter> chain = new ArrayList<>();
    Long previous = entry.replayOf();
    while (previous != null && chain.size() < 100) {
      Optional<DeadLetter> found = find(previous);
      if (found.isEmpty()) {
        break;
      }
      chain.add(found.get());
      previous = found.get().replayOf();
    }
    return chain;
  }

  /**
   * Moves an OPEN entry to REPLAYED; false when someone else replayed or discarded it first, so two
   * operators never send the same message twice.
   */
  public boolean claimForReplay(long id, String actor) throws SQLException {
    return update(
        "UPDATE dead_letter SET status = 'REPLAYED', replay_outcome = 'SUBMITTED',"
            + " resolved_at = now(), resolved_by = ? WHERE id = ? AND status = 'OPEN'",
        actor,
        id);
  }

  /** Back to OPEN when the replay could not even be sent. */
  public void reopen(long id) throws SQLException {
    update(
        "UPDATE dead_letter SET status = 'OPEN', replay_outcome = NULL, resolved_at = NULL,"
            + " resolved_by = NULL WHERE id = ? AND status = 'REPLAYED'",
        id);
  }

  /** Records a synchronous replay's result unless the writer already marked it FAILED. */
  public void settleReplay(long id, String outcome) throws SQLException {
    update(
        "UPDATE dead_letter SET replay_outcome = ? WHERE id = ? AND replay_outcome = 'SUBMITTED'",
        outcome,
        id);
  }

  public boolean discard(long id, String actor, String reason) throws SQLException {
    return update(
        "UPDATE dead_letter SET status = 'DISCARDED', resolved_at = now(), resolved_by = ?,"
            + " discard_reason = ? WHERE id = ? AND status = 'OPEN'",
        actor,
        reason,
        id);
  }

  /** Ids of OPEN entries of a flow, oldest first, for a bulk replay. */
  public List<Long> openIds(String flow, Instant since, int limit) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT id FROM dead_letter WHERE status = 'OPEN' AND flow = ?");
    if (since != null) {
      sql.append(" AND created_at >= ?");
    }
    sql.append(" ORDER BY id LIMIT ?");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql.toString())) {
      int i = 1;
      query.setString(i++, flow);
      if (since != null) {
        query.setTimestamp(i++, Timestamp.from(since));
      }
      query.setInt(i, limit);
      List<Long> ids = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
      return ids;
    }
  }

  /** Count of OPEN entries per flow and impact, for the depth gauge. */
  public Map<List<String>, Long> openCounts() throws SQLException {
    Map<List<String>, Long> counts = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT flow, impact, count(*) FROM dead_letter WHERE status = 'OPEN'"
                    + " GROUP BY flow, impact");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        counts.put(List.of(rows.getString(1), rows.getString(2)), rows.getLong(3));
      }
    }
    return counts;
  }

  private boolean update(String sql, Object... args) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        update.setObject(i + 1, args[i]);
      }
      return update.executeUpdate() == 1;
    }
  }

  private static DeadLetter read(ResultSet rows) throws SQLException {
    return new DeadLetter(
        rows.getLong("id"),
        rows.getString("flow"),
        BusinessImpact.valueOf(rows.getString("impact")),
        DeadLetter.Status.valueOf(rows.getString("status")),
        "business".equals(rows.getString("failure_kind"))
            ? FailureKind.BUSINESS
            : FailureKind.TRANSIENT,
        rows.getString("route_id"),
        rows.getString("endpoint"),
        rows.getString("exception_class"),
        rows.getString("exception_message"),
        rows.getInt("attempts"),
        rows.getString("correlation_id"),
        rows.getString("source_key"),
        rows.getString("replay_uri"),
        fromJson(rows.getString("headers")),
        rows.getBytes("body"),
        instant(rows.getTimestamp("created_at")),
        nullableLong(rows, "replay_of"),
        nullableLong(rows, "superseded_by"),
        rows.getString("replay_outcome"),
        instant(rows.getTimestamp("resolved_at")),
        rows.getString("resolved_by"),
        rows.getString("discard_reason"));
  }

  private static Long nullableLong(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }

  private static String toJson(Map<String, String> headers) {
    try {
      return JSON.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> fromJson(String json) {
    try {
      return JSON.readValue(json, HEADERS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
