package io.retailhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.support.SimulatorServer.Request;
import io.retailhub.sandbox.support.SimulatorServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Streaming API: a Bayeux 1.0 server over HTTP long-polling at {@code /cometd/<version>}, as
 * CometD clients (camel-salesforce, jsforce) speak it. It supports handshake, connect, subscribe,
 * unsubscribe and disconnect, and Salesforce's {@code replay} extension: a subscribe message
 * carries {@code ext.replay = {channel: replayId}} with -1 (new events only), -2 (all retained) or
 * the last replay ID the consumer processed.
 */
final class StreamingApi {

  private static final Map<String, Object> NO_EVENT = Map.of();

  /** One handshaken client. */
  private static final class ClientSession {
    final String clientId = UUID.randomUUID().toString().replace("-", "");
    final LinkedBlockingQueue<Map<String, Object>> outbox = new LinkedBlockingQueue<>();
    final Map<String, ChangeEventBus.Subscription> subscriptions = new ConcurrentHashMap<>();
    volatile long lastSeenMillis = System.currentTimeMillis();
    volatile boolean disconnected;
  }

  private final ChangeEventBus bus;
  private final Predicate<String> validToken;
  private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
  private volatile Duration longPollTimeout = Duration.ofSeconds(10);

  StreamingApi(ChangeEventBus bus, Predicate<String> validToken) {
    this.bus = bus;
    this.validToken = validToken;
  }

  void register(SimulatorServer server) {
    server.route("POST", "/cometd/{version}", this::handle);
    // some CometD clients append the message type to the URL
    server.route("POST", "/cometd/{version}/{messageType}", this::handle);
  }

  void longPollTimeout(Duration timeout) {
    this.longPollTimeout = timeout;
  }

  Map<String, Object> describe() {
    Map<String, Object> view = new LinkedHashMap<>();
    List<Map<String, Object>> clients = new ArrayList<>();
    sessions
        .values()
        .forEach(
            session ->
                clients.add(
                    Map.of(
                        "clientId", session.clientId,
                        "channels", List.copyOf(session.subscriptions.keySet()),
                        "queued", session.outbox.size())));
    view.put("clients", clients);
    view.put("lastReplayId", bus.lastReplayId());
    view.put("retainedEvents", bus.retained().size());
    return view;
  }

  /** Ends every client session, as a session expiry does; held connects return at once. */
  void invalidateSessions() {
    sessions.values().forEach(this::drop);
    sessions.clear();
  }

  void close() {
    sessions.values().forEach(this::drop);
    sessions.clear();
  }

  private Response handle(Request request) throws InterruptedException {
    String token = bearer(request.header("Authorization"));
    boolean authenticated = token != null && validToken.test(token);
    JsonNode root = request.json();
    List<JsonNode> messages = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(messages::add);
    } else {
      messages.add(root);
    }
    List<Map<String, Object>> replies = new ArrayList<>();
    JsonNode connect = null;
    ClientSession connecting = null;
    for (JsonNode message : messages) {
      String channel = message.path("channel").asText();
      if (!authenticated) {
        replies.add(authenticationFailure(message, channel));
        continue;
      }
      ClientSession session = sessions.get(message.path("clientId").asText(""));
      if (session != null) {
        session.lastSeenMillis = System.currentTimeMillis();
      }
      switch (channel) {
        case "/meta/handshake" -> replies.add(handshake(message));
        case "/meta/connect" -> {
          if (session == null) {
            replies.add(unknownClient(message, channel));
          } else {
            connect = message;
            connecting = session;
          }
        }
        case "/meta/subscribe" ->
            replies.add(
                session == null ? unknownClient(message, channel) : subscribe(session, message));
        case "/meta/unsubscribe" ->
            replies.add(
                session == null ? unknownClient(message, channel) : unsubscribe(session, message));
        case "/meta/disconnect" -> {
          if (session != null) {
            drop(session);
            sessions.remove(session.clientId);
          }
          replies.add(reply(message, channel, true));
        }
        default -> {
          Map<String, Object> denied = reply(message, channel, false);
          denied.put("error", "403::Publish denied");
          replies.add(denied);
        }
      }
    }
    if (connect != null) {
      replies.addAll(awaitEvents(connecting, connect));
      Map<String, Object> reply = reply(connect, "/meta/connect", !connecting.disconnected);
      reply.put("advice", advice(connecting.disconnected ? "handshake" : "retry"));
      replies.add(reply);
    }
    return Response.ok(replies);
  }

  private List<Map<String, Object>> awaitEvents(ClientSession session, JsonNode connect)
      throws InterruptedException {
    long timeoutMillis =
        connect.path("advice").has("timeout")
            ? connect.path("advice").path("timeout").asLong()
            : longPollTimeout.toMillis();
    timeoutMillis = Math.min(timeoutMillis, longPollTimeout.toMillis());
    List<Map<String, Object>> delivered = new ArrayList<>();
    Map<String, Object> first =
        timeoutMillis <= 0
            ? session.outbox.poll()
            : session.outbox.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (first != null && first != NO_EVENT) {
      delivered.add(first);
    }
    session.outbox.drainTo(delivered);
    delivered.removeIf(message -> message == NO_EVENT);
    return delivered;
  }

  private Map<String, Object> handshake(JsonNode message) {
    long staleBefore =
        System.currentTimeMillis() - 4 * Math.max(longPollTimeout.toMillis(), 30_000);
    sessions
        .values()
        .removeIf(
            session -> {
              boolean stale = session.lastSeenMillis < staleBefore;
              if (stale) {
                drop(session);
              }
              return stale;
            });
    ClientSession session = new ClientSession();
    sessions.put(session.clientId, session);
    Map<String, Object> reply = reply(message, "/meta/handshake", true);
    reply.put("clientId", session.clientId);
    reply.put("version", "1.0");
    reply.put("minimumVersion", "1.0");
    reply.put("supportedConnectionTypes", List.of("long-polling"));
    reply.put("advice", advice("retry"));
    // announces replay support; camel-salesforce sends replay IDs only after seeing this
    reply.put("ext", Map.of("replay", true, "payload.format", true));
    return reply;
  }

  private Map<String, Object> subscribe(ClientSession session, JsonNode message) {
    String channel = message.path("subscription").asText();
    Map<String, Object> reply = reply(message, "/meta/subscribe", true);
    reply.put("subscription", channel);
    if (!bus.isChannel(channel)) {
      reply.put("successful", false);
      reply.put(
          "error",
          "400::The channel you requested to subscribe to does not exist {" + channel + "}");
      reply.put("ext", Map.of("sfdc", Map.of("failureReason", "400::Unknown channel")));
      return reply;
    }
    JsonNode replay = message.path("ext").path("replay").path(channel);
    long replayFrom = replay.isNumber() ? replay.asLong() : ChangeEventBus.REPLAY_NEW;
    ChangeEventBus.Subscription previous = session.subscriptions.remove(channel);
    if (previous != null) {
      previous.cancel();
    }
    try {
      ChangeEventBus.Subscription subscription =
          bus.subscribe(
              channel,
              replayFrom,
              event -> {
                Map<String, Object> delivery = new LinkedHashMap<>();
                delivery.put("channel", channel);
                delivery.put("data", event.data());
                session.outbox.add(delivery);
              });
      session.subscriptions.put(channel, subscription);
    } catch (ChangeEventBus.InvalidReplayId invalid) {
      reply.put("successful", false);
      reply.put("error", "400::" + invalid.getMessage());
      reply.put("ext", Map.of("sfdc", Map.of("failureReason", "400::" + invalid.getMessage())));
    }
    return reply;
  }

  private Map<String, Object> unsubscribe(ClientSession session, JsonNode message) {
    String channel = message.path("subscription").asText();
    ChangeEventBus.Subscription subscription = session.subscriptions.remove(channel);
    if (subscription != null) {
      subscription.cancel();
    }
    Map<String, Object> reply = reply(message, "/meta/unsubscribe", true);
    reply.put("subscription", channel);
    return reply;
  }

  private void drop(ClientSession session) {
    session.disconnected = true;
    session.subscriptions.values().forEach(ChangeEventBus.Subscription::cancel);
    session.subscriptions.clear();
    session.outbox.add(NO_EVENT); // wakes a connect that is being held
  }

  /**
   * An expired or unknown session. Like Salesforce, a handshake is denied with the 401 reason in
   * {@code ext.sfdc.failureReason} (camel-salesforce then logs in again and restarts its client),
   * and any other message is told to handshake again.
   */
  private static Map<String, Object> authenticationFailure(JsonNode message, String channel) {
    if (!channel.equals("/meta/handshake")) {
      return unknownClient(message, channel);
    }
    Map<String, Object> reply = reply(message, channel, false);
    reply.put("error", "403::Handshake denied");
    reply.put("ext", Map.of("sfdc", Map.of("failureReason", "401::Authentication invalid")));
    reply.put("advice", Map.of("reconnect", "none"));
    return reply;
  }

  private static Map<String, Object> unknownClient(JsonNode message, String channel) {
    Map<String, Object> reply = reply(message, channel, false);
    reply.put("error", "403::Unknown client");
    reply.put("advice", Map.of("reconnect", "handshake", "interval", 0));
    return reply;
  }

  private Map<String, Object> advice(String reconnect) {
    Map<String, Object> advice = new LinkedHashMap<>();
    advice.put("reconnect", reconnect);
    advice.put("interval", 0);
    advice.put("timeout", longPollTimeout.toMillis());
    return advice;
  }

  private static Map<String, Object> reply(JsonNode message, String channel, boolean successful) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("channel", channel);
    if (message.hasNonNull("id")) {
      reply.put("id", message.get("id").asText());
    }
    if (message.hasNonNull("clientId")) {
      reply.put("clientId", message.get("clientId").asText());
    }
    reply.put("successful", successful);
    return reply;
  }

  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    for (String scheme : List.of("Bearer ", "OAuth ")) {
      if (authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
        return authorization.substring(scheme.length()).trim();
      }
    }
    return null;
  }
}
