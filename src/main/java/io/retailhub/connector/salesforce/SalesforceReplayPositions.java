package io.retailhub.connector.salesforce;

import io.quarkus.arc.Unremovable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.SalesforceConstants;

/**
 * The last processed replay ID per Streaming API channel, kept in PostgreSQL ({@code
 * salesforce_replay_position}). Change-event routes pass this bean as {@code initialReplayIdMap}:
 * camel-salesforce reads it when a consumer subscribes, so a restarted hub resumes after the last
 * event it finished, and a channel without a row starts from the endpoint's {@code
 * defaultReplayId}. It is a read-through {@link Map} because the component looks the value up at
 * subscribe time, after the schema migration ran, not when the route is built.
 */
@Singleton
@Named("salesforceReplayIds")
@Unremovable
public class SalesforceReplayPositions extends AbstractMap<String, Long> {
  static final String CHANNEL_PROPERTY = "salesforceChannel";
  static final String REPLAY_ID_PROPERTY = "salesforceReplayId";

  private final DataSource dataSource;

  public SalesforceReplayPositions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Long get(Object channel) {
    if (!(channel instanceof String name)) {
      return null;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT replay_id FROM salesforce_replay_position WHERE channel = ?")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the Salesforce replay position of " + name, e);
    }
  }

  @Override
  public Long getOrDefault(Object channel, Long fallback) {
    Long stored = get(channel);
    return stored != null ? stored : fallback;
  }

  @Override
  public boolean containsKey(Object channel) {
    return get(channel) != null;
  }

  @Override
  public Set<Entry<String, Long>> entrySet() {
    Map<String, Long> all = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT channel, replay_id FROM salesforce_replay_position ORDER BY channel");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        all.put(rows.getString(1), rows.getLong(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the Salesforce replay positions", e);
    }
    return all.entrySet();
  }

  /**
   * Stores the replay ID of the event the route just finished. The position only moves forward: a
   * redelivered older event never rewinds it.
   */
  public void recordProcessed(Exchange exchange) throws SQLException {
    String channel = exchange.getProperty(CHANNEL_PROPERTY, String.class);
    Long replayId = exchange.getProperty(REPLAY_ID_PROPERTY, Long.class);
    if (channel == null || replayId == null) {
      return;
    }
    record(channel, replayId);
  }

  /**
   * Keeps the channel and replay ID as exchange properties, because the flow's later steps clear
   * message headers before they publish.
   */
  public void rememberPosition(Exchange exchange) {
    exchange.setProperty(
        CHANNEL_PROPERTY,
        exchange.getMessage().getHeader(SalesforceConstants.HEADER_SALESFORCE_CHANNEL));
    exchange.setProperty(
        REPLAY_ID_PROPERTY,
        exchange.getMessage().getHeader(SalesforceConstants.HEADER_SALESFORCE_REPLAY_ID));
  }

  public void record(String channel, long replayId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO salesforce_replay_position (channel, replay_id) VALUES (?, ?)"
                    + " ON CONFLICT (channel) DO UPDATE SET"
                    + " replay_id = GREATEST(salesforce_replay_position.replay_id,"
                    + " EXCLUDED.replay_id), updated_at = now()")) {
      upsert.setString(1, channel);
      upsert.setLong(2, replayId);
      upsert.executeUpdate();
    }
  }
}
