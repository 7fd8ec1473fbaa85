package io.retailhub.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The customer master in PostgreSQL: golden records, cross-references, conflicts, review, echoes.
 */
@ApplicationScoped
public class CustomerStore {
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  /** Outcome of matching a platform record to a golden record. */
  public sealed interface Match {
    record Linked(String goldenId, String linkedBy) implements Match {}

    record Ambiguous(List<String> candidateIds) implements Match {}
  }

  private final DataSource dataSource;

  public CustomerStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Finds or creates the golden record: existing cross-reference, then the golden ID the platform
   * stores, then the normalized e-mail. Several e-mail candidates are never guessed between.
   */
  public Match match(PlatformCustomerChange change) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      Match match = match(connection, change);
      connection.commit();
      return match;
    } catch (SQLException e) {
      throw new IllegalStateException("customer matching failed", e);
    }
  }

  private Match match(Connection connection, PlatformCustomerChange change) throws SQLException {
    Optional<String> linked = goldenIdOf(connection, change.platform(), change.platformId());
    if (linked.isPresent()) {
      return new Match.Linked(linked.get(), "xref");
    }
    String email = PlatformCustomerChange.normalizeEmail(change.email());
    if (change.externalGoldenId() != null && !change.externalGoldenId().isBlank()) {
      String goldenId = change.externalGoldenId().trim();
      ensureGolden(connection, goldenId, email);
      link(connection, goldenId, change, "external-id");
      return new Match.Linked(goldenId, "external-id");
    }
    if (email != null) {
      List<String> candidates = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT golden_id FROM customer_golden WHERE normalized_email = ? ORDER BY golden_id")) {
        select.setString(1, email);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            candidates.add(rows.getString(1));
          }
        }
      }
      if (candidates.size() > 1) {
        return new Match.Ambiguous(candidates);
      }
      if (candidates.size() == 1) {
        link(connection, candidates.get(0), change, "email");
        return new Match.Linked(candidates.get(0), "email");
      }
    }
    String goldenId = "GC-" + UUID.randomUUID();
    ensureGolden(connection, goldenId, email);
    link(connection, goldenId, change, "created");
    return new Match.Linked(goldenId, "created");
  }

  /** The golden ID a platform record is linked to, if it is. */
  public Optional<String> goldenIdOf(Platform platform, String platformId) {
    try (Connection connection = dataSource.getConnection()) {
      return goldenIdOf(connection, platform, platformId);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Links a record the hub itself created on a platform (an ERP business partner, a service desk
   * user) to its golden record; a golden record already linked on that platform stays as it is.
   */
  public void linkCreated(String goldenId, Platform platform, String platformId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO customer_xref (golden_id, platform, platform_id, linked_by)"
                    + " VALUES (?, ?, ?, 'hub-created') ON CONFLICT DO NOTHING")) {
      insert.setString(1, goldenId);
      insert.setString(2, platform.wireCode());
      insert.setString(3, platformId);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> goldenIdOf(Connection connection, Platform platform, String id)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT golden_id FROM customer_xref WHERE platform = ? AND platform_id = ?")) {
      select.setString(1, platform.wireCode());
      select.setString(2, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  private static void ensureGolden(Connection connection, String goldenId, String email)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO customer_golden (golden_id, normalized_email) VALUES (?, ?)"
                + " ON CONFLICT (golden_id) DO NOTHING")) {
      insert.setString(1, goldenId);
      insert.setString(2, email);
      insert.executeUpdate();
    }
  }

  private static void link(
      Connection connection, String goldenId, PlatformCustomerChange change, String linkedBy)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO customer_xref (golden_id, platform, platform_id, linked_by)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, goldenId);
      insert.setString(2, change.platform().wireCode());
      insert.setString(3, change.platformId());
      insert.setString(4, linkedBy);
      insert.executeUpdate();
    }
  }

  public void queueForReview(PlatformCustomerChange change, List<String> candidates) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO customer_review (platform, platform_id, normalized_email,"
                    + " candidate_ids, change) VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))")) {
      insert.setString(1, change.platform().wireCode());
      insert.setString(2, change.platformId());
      insert.setString(3, PlatformCustomerChange.normalizeEmail(change.email()));
      insert.setString(4, JSON.writeValueAsString(candidates));
      insert.setString(5, JSON.writeValueAsString(change));
      insert.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("cannot queue customer for review", e);
    }
  }

  /**
   * Merges one canonical change exactly once. On the locked golden record (merges of one customer
   * serialize), {@code merge} computes the outcome and {@code plan} the platform writes it needs;
   * the new golden record, its conflicts and the planned writes are committed together under the
   * change's key. A redelivered change (a hub killed before it finished the writes) finds its key
   * and gets back the writes not yet made, without being merged again: a second merge would find
   * the values already in the golden record and plan no write at all. Those writes pass through
   * {@code redo} with the golden record as it stands now, which later changes may have moved on.
   */
  public List<Map<String, Object>> mergeOnce(
      String changeKey,
      String goldenId,
      Function<GoldenCustomer, MergeOutcome> merge,
      Function<MergeOutcome, List<Map<String, Object>>> plan,
      BiFunction<GoldenCustomer, List<Map<String, Object>>, List<Map<String, Object>>> redo) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        ensureGolden(connection, goldenId, null);
        GoldenCustomer current = lock(connection, goldenId);
        Optional<List<Map<String, Object>>> pending = pendingWrites(connection, changeKey);
        if (pending.isPresent()) {
          connection.commit();
          return redo.apply(current, pending.get());
        }
        MergeOutcome outcome = merge.apply(current);
        if (outcome.changed()) {
          save(connection, outcome.merged());
        }
        for (AttributeConflict conflict : outcome.conflicts()) {
          insertConflict(connection, goldenId, conflict);
        }
        List<Map<String, Object>> writes = plan.apply(outcome);
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO customer_merge_outbox (change_key, golden_id, writes)"
                    + " VALUES (?, ?, CAST(? AS jsonb))")) {
          insert.setString(1, changeKey);
          insert.setString(2, goldenId);
          insert.setString(3, toJson(writes));
          insert.executeUpdate();
        }
        connection.commit();
        return writes;
      } catch (RuntimeException | SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("customer merge failed for " + goldenId, e);
    }
  }

  private static Optional<List<Map<String, Object>>> pendingWrites(
      Connection connection, String changeKey) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT writes::text, writes_done FROM customer_merge_outbox WHERE change_key = ?")) {
      select.setString(1, changeKey);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        List<Map<String, Object>> writes =
            JSON.readValue(rows.getString(1), new TypeReference<List<Map<String, Object>>>() {});
        return Optional.of(List.copyOf(writes.subList(rows.getInt(2), writes.size())));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable merge outbox entry " + changeKey, e);
    }
  }

  /** Records that the planned writes of a change up to {@code writesDone} were made. */
  public void writesDone(String changeKey, int writesDone) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE customer_merge_outbox SET writes_done = GREATEST(writes_done, ?)"
                    + " WHERE change_key = ?")) {
      update.setInt(1, writesDone);
      update.setString(2, changeKey);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GoldenCustomer lock(Connection connection, String goldenId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT attributes::text, attribute_versions::text FROM customer_golden"
                + " WHERE golden_id = ? FOR UPDATE")) {
      select.setString(1, goldenId);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return GoldenCustomer.empty(goldenId);
        }
        return new GoldenCustomer(
            goldenId, attributes(rows.getString(1)), versions(rows.getString(2)));
      }
    }
  }

  private static void save(Connection connection, GoldenCustomer golden) throws SQLException {
    ObjectNode versions = JSON.createObjectNode();
    golden
        .versions()
        .forEach(
            (attribute, version) ->
                versions
                    .putObject(attribute)
                    .put("source", version.source().wireCode())
                    .put("sourceTimestamp", version.sourceTimestamp().toString()));
    JsonNode email = golden.attributes().get("email");
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE customer_golden SET attributes = CAST(? AS jsonb),"
                + " attribute_versions = CAST(? AS jsonb), normalized_email = COALESCE(?, normalized_email),"
                + " updated_at = now()"
                + " WHERE golden_id = ?")) {
      update.setString(1, toJson(golden.attributes()));
      update.setString(2, toJson(versions));
      update.setString(
          3,
          email == null || !email.isTextual()
              ? null
              : PlatformCustomerChange.normalizeEmail(email.asText()));
      update.setString(4, golden.goldenId());
      update.executeUpdate();
    }
  }

  private static void insertConflict(Connection connection, String goldenId, AttributeConflict c)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO customer_conflict (golden_id, attribute, kind, rejected_source,"
                + " rejected_value, rejected_timestamp, kept_source, kept_value)"
                + " VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, CAST(? AS jsonb))")) {
      insert.setString(1, goldenId);
      insert.setString(2, c.attribute());
      insert.setString(3, c.kind().wireCode());
      insert.setString(4, c.rejectedSource().wireCode());
      insert.setString(5, toJson(c.rejectedValue()));
      insert.setTimestamp(6, Timestamp.from(c.rejectedTimestamp()));
      insert.setString(7, c.keptSource() == null ? null : c.keptSource().wireCode());
      insert.setString(8, c.keptValue() == null ? null : toJson(c.keptValue()));
      insert.executeUpdate();
    }
  }

  public Optional<GoldenCustomer> golden(String goldenId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT attributes::text, attribute_versions::text FROM customer_golden"
                    + " WHERE golden_id = ?")) {
      select.setString(1, goldenId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next()
            ? Optional.of(
                new GoldenCustomer(
                    goldenId, attributes(rows.getString(1)), versions(rows.getString(2))))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<String> goldenIdsByEmail(String email) {
    List<String> ids = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT golden_id FROM customer_golden WHERE normalized_email = ?"
                    + " ORDER BY golden_id")) {
      select.setString(1, PlatformCustomerChange.normalizeEmail(email));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Map<Platform, String> platformIds(String goldenId) {
    Map<Platform, String> ids = new EnumMap<>(Platform.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT platform, platform_id FROM customer_xref WHERE golden_id = ?")) {
      select.setString(1, goldenId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.put(Platform.fromWireCode(rows.getString(1)), rows.getString(2));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Remembers values the hub is about to write, so the change events they cause are recognised.
   * Each value is kept until its own events consume it, one per write: a second write of the
   * attribute before the first one's event came back must not make that event look like a platform
   * edit, and neither may the second event of a value written twice.
   */
  public void rememberWrites(
      Platform platform, String platformId, Map<String, JsonNode> values, Duration ttl) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO customer_echo (platform, platform_id, attribute, value, expires_at)"
                    + " VALUES (?, ?, ?, CAST(? AS jsonb), ?) ON CONFLICT (platform, platform_id,"
                    + " attribute, value) DO UPDATE SET expected_echoes = CASE WHEN"
                    + " customer_echo.expires_at > now() THEN customer_echo.expected_echoes + 1"
                    + " ELSE 1 END, expires_at = EXCLUDED.expires_at")) {
      Timestamp expires = Timestamp.from(Instant.now().plus(ttl));
      for (Map.Entry<String, JsonNode> value : values.entrySet()) {
        upsert.setString(1, platform.wireCode());
        upsert.setString(2, platformId);
        upsert.setString(3, value.getKey());
        upsert.setString(4, toJson(value.getValue()));
        upsert.setTimestamp(5, expires);
        upsert.addBatch();
      }
      upsert.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Removes from a platform's change the attributes that only repeat what the hub wrote there
   * (unexpired); each write made is one expected echo, consumed once.
   */
  public Map<String, JsonNode> withoutEchoes(
      Platform platform, String platformId, Map<String, JsonNode> reported) {
    Map<String, JsonNode> remaining = new LinkedHashMap<>(reported);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement consume =
            connection.prepareStatement(
                "UPDATE customer_echo SET expected_echoes = expected_echoes - 1"
                    + " WHERE platform = ? AND platform_id = ? AND attribute = ?"
                    + " AND value = CAST(? AS jsonb) AND expected_echoes > 0 AND expires_at > now()"
                    + " RETURNING expected_echoes");
        PreparedStatement forget =
            connection.prepareStatement(
                "DELETE FROM customer_echo WHERE platform = ? AND platform_id = ? AND attribute = ?"
                    + " AND value = CAST(? AS jsonb) AND expected_echoes <= 0")) {
      Iterator<Map.Entry<String, JsonNode>> entries = remaining.entrySet().iterator();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        for (PreparedStatement statement : List.of(consume, forget)) {
          statement.setString(1, platform.wireCode());
          statement.setString(2, platformId);
          statement.setString(3, entry.getKey());
          statement.setString(4, toJson(entry.getValue()));
        }
        try (ResultSet left = consume.executeQuery()) {
          if (!left.next()) {
            continue;
          }
          entries.remove();
          if (left.getInt(1) <= 0) {
            forget.executeUpdate();
          }
        }
      }
      return remaining;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Map<String, JsonNode> attributes(String json) {
    try {
      Map<String, JsonNode> values = new HashMap<>();
      JSON.readTree(json).fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue()));
      return values;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, AttributeVersion> versions(String json) {
    try {
      Map<String, AttributeVersion> versions = new HashMap<>();
      JSON.readTree(json)
          .fields()
          .forEachRemaining(
              f ->
                  versions.put(
                      f.getKey(),
                      new AttributeVersion(
                          Platform.fromWireCode(f.getValue().path("source").asText()),
                          Instant.parse(f.getValue().path("sourceTimestamp").asText()))));
      return versions;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
