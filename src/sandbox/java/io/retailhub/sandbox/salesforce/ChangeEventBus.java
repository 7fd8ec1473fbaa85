package io.retailhub.sandbox.salesforce;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Change Data Capture: turns committed record changes into change events in Salesforce's shape and
 * retains them for replay. Replay IDs come from one org-wide increasing sequence, so an event has
 * the same replay ID on its entity channel and on {@code /data/ChangeEvents}, and a consumer that
 * resumes from a stored replay ID receives exactly the later events of its channel.
 */
public final class ChangeEventBus {

  public static final String ALL_CHANGE_EVENTS = "/data/ChangeEvents";

  /** Subscribe from the next event only. */
  public static final long REPLAY_NEW = -1;

  /** Subscribe from the oldest retained event. */
  public static final long REPLAY_ALL_RETAINED = -2;

  /** One retained event: its entity channel, replay ID and the Bayeux {@code data} object. */
  public record ChangeEvent(String channel, long replayId, Map<String, Object> data) {}

  /** A subscriber that a replay request cannot serve. */
  public static final class InvalidReplayId extends RuntimeException {
    InvalidReplayId(long replayId) {
      super(
          "The replayId {"
              + replayId
              + "} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or"
              + " -1 to replay only new events.");
    }
  }

  /** A live subscription; {@link #cancel()} stops delivery. */
  public final class Subscription {
    private final String channel;
    private final Consumer<ChangeEvent> sink;

    private Subscription(String channel, Consumer<ChangeEvent> sink) {
      this.channel = channel;
      this.sink = sink;
    }

    public void cancel() {
      subscriptions.remove(this);
    }
  }

  private final Set<String> entities;
  private final String userId;
  private final int retention;
  private final Deque<ChangeEvent> retained = new ArrayDeque<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicLong replayIds = new AtomicLong();
  private final AtomicLong commitNumbers = new AtomicLong(10_000_000_000L);

  public ChangeEventBus(Set<String> entities, String userId, int retention) {
    this.entities = Set.copyOf(entities);
    this.userId = userId;
    this.retention = retention;
  }

  /** The entity channel of a type, e.g. {@code /data/ContactChangeEvent}. */
  public static String channelOf(String entityName) {
    String base =
        entityName.endsWith("__c") ? entityName.substring(0, entityName.length() - 1) : entityName;
    return "/data/" + base + "ChangeEvent";
  }

  public boolean isChannel(String channel) {
    return ALL_CHANGE_EVENTS.equals(channel)
        || entities.stream().anyMatch(entity -> channelOf(entity).equals(channel));
  }

  /** Publishes the CDC-enabled changes of one committed transaction. */
  public synchronized void publish(List<RecordStore.Change> changes, String changeOrigin) {
    long commitNumber = commitNumbers.incrementAndGet();
    for (RecordStore.Change change : changes) {
      if (!entities.contains(change.entityName())) {
        continue;
      }
      ChangeEvent event = toEvent(change, commitNumber, changeOrigin);
      retained.addLast(event);
      while (retained.size() > retention) {
        retained.removeFirst();
      }
      for (Subscription subscription : subscriptions) {
        if (subscription.channel.equals(ALL_CHANGE_EVENTS)
            || subscription.channel.equals(event.channel())) {
          subscription.sink.accept(event);
        }
      }
    }
  }

  /**
   * Registers a subscriber and, atomically with that, hands it the retained events it asked to
   * replay, so that no event falls between replay and live delivery.
   */
  public synchronized Subscription subscribe(
      String channel, long replayFrom, Consumer<ChangeEvent> sink) {
    if (replayFrom != REPLAY_NEW && replayFrom != REPLAY_ALL_RETAINED) {
      long oldest = retained.isEmpty() ? replayIds.get() + 1 : retained.peekFirst().replayId();
      if (replayFrom < oldest - 1 || replayFrom > replayIds.get() || replayFrom < 0) {
        throw new InvalidReplayId(replayFrom);
      }
    }
    if (replayFrom != REPLAY_NEW) {
      for (ChangeEvent event : retained) {
        boolean onChannel = channel.equals(ALL_CHANGE_EVENTS) || channel.equals(event.channel());
        if (onChannel && (replayFrom == REPLAY_ALL_RETAINED || event.replayId() > replayFrom)) {
          sink.accept(event);
        }
      }
    }
    Subscription subscription = new Subscription(channel, sink);
    subscriptions.add(subscription);
    return subscription;
  }

  public synchronized List<ChangeEvent> retained() {
    return List.copyOf(retained);
  }

  public long lastReplayId() {
    return replayIds.get();
  }

  public int subscriberCount() {
    return subscriptions.size();
  }

  private ChangeEvent toEvent(RecordStore.Change change, long commitNumber, String changeOrigin) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("entityName", change.entityName());
    header.put("recordIds", List.of(change.recordId()));
    header.put("changeType", change.changeType().wireCode());
    header.put("changeOrigin", changeOrigin);
    header.put("transactionKey", change.transactionKey());
    header.put("sequenceNumber", change.sequenceNumber());
    header.put("commitTimestamp", change.committedAt().toEpochMilli());
    header.put("commitNumber", commitNumber);
    header.put("commitUser", userId);
    List<String> nulled = new ArrayList<>();
    change
        .values()
        .forEach(
            (field, value) -> {
              if (value == null) {
                nulled.add(field);
              }
            });
    header.put("nulledFields", nulled);
    header.put("diffFields", List.of());
    header.put("changedFields", change.changedFields());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("ChangeEventHeader", header);
    payload.putAll(change.values());
    long replayId = replayIds.incrementAndGet();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema", schemaId(change.entityName()));
    data.put("payload", payload);
    data.put("event", Map.of("replayId", replayId));
    return new ChangeEvent(channelOf(change.entityName()), replayId, data);
  }

  private static String schemaId(String entityName) {
    // real schema IDs are opaque 22-character strings; a stable fake per entity is enough here
    String base = (entityName + "ChangeEventSchemaRetailHubSim").replaceAll("[^A-Za-z0-9]", "");
    return base.substring(0, 22);
  }
}
