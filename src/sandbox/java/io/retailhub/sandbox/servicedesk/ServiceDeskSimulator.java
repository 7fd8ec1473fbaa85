package io.retailhub.sandbox.servicedesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.FaultInjector;
import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.support.SimulatorServer.HttpProblem;
import io.retailhub.sandbox.support.SimulatorServer.Request;
import io.retailhub.sandbox.support.SimulatorServer.Response;
import io.retailhub.sandbox.support.WebhookDispatcher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Zendesk Support API v2-style service desk: tickets with custom fields, external IDs, tags and
 * public/internal comments; users; organizations; search; offset pagination; API-token basic auth;
 * a per-minute rate limit answered with 429 and {@code Retry-After}. Ticket changes are sent as
 * Zendesk event webhooks ({@code zen:event-type:ticket.*}), signed like Zendesk signs them. When a
 * user webhook URL is given, end-user changes are sent too, as Zendesk user events ({@code
 * zen:event-type:user.created}, {@code user.name_changed}, {@code user.identity_changed} for the
 * primary e-mail and phone, {@code user.external_id_changed}) to that separate URL.
 *
 * <p>Admin endpoints, beyond the shared ones of {@link SimulatorServer}: {@code GET|PUT
 * /__admin/config} ({@code requestsPerMinute}, {@code apiToken}) and {@code GET /__admin/webhooks}
 * (the webhook payloads sent so far).
 */
public final class ServiceDeskSimulator implements AutoCloseable {

  public static final String DEFAULT_API_TOKEN = "sandbox-zendesk-token";
  public static final String AGENT_EMAIL = "agent@retailhub.example";
  public static final long AGENT_USER_ID = 1L;
  public static final long ORDER_NUMBER_FIELD = 360001L;
  public static final long ORDER_STATUS_FIELD = 360002L;
  public static final long TRACKING_NUMBER_FIELD = 360003L;
  public static final long GOLDEN_CUSTOMER_FIELD = 360004L;
  public static final List<Long> TICKET_FIELDS =
      List.of(ORDER_NUMBER_FIELD, ORDER_STATUS_FIELD, TRACKING_NUMBER_FIELD, GOLDEN_CUSTOMER_FIELD);
  public static final String SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature";
  public static final String SIGNATURE_TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp";
  public static final long ACCOUNT_ID = 90_210_001L;
  public static final String EVENT_VERSION = "2022-11-06";

  private static final int MAX_PER_PAGE = 100;
  private static final List<String> STATUSES =
      List.of("new", "open", "pending", "hold", "solved", "closed");

  private static final class User {
    long id;
    String name;
    String email;
    String phone;
    String externalId;
    String role = "end-user";
    Long organizationId;
    Instant createdAt;
    Instant updatedAt;
  }

  private static final class Organization {
    long id;
    String name;
    String externalId;
    List<String> domainNames = List.of();
    Instant createdAt;
    Instant updatedAt;
  }

  private static final class Ticket {
    long id;
    String subject;
    String description;
    String status = "new";
    String priority;
    String type;
    long requesterId;
    long submitterId;
    Long assigneeId;
    Long organizationId;
    String externalId;
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    Map<Long, Object> customFields = new TreeMap<>();
    Instant createdAt;
    Instant updatedAt;
    final List<Map<String, Object>> comments = new ArrayList<>();
  }

  private final SimulatorServer server;
  private final WebhookDispatcher webhooks;
  // null when no user webhook URL was given: the simulator then sends ticket events only
  private final WebhookDispatcher userWebhooks;
  private final List<Map<String, Object>> sentWebhooks =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<Long, User> users = new TreeMap<>();
  private final Map<Long, Organization> organizations = new TreeMap<>();
  private final Map<Long, Ticket> tickets = new TreeMap<>();
  private final AtomicLong userIds = new AtomicLong(370_000_000_000L);
  private final AtomicLong organizationIds = new AtomicLong(380_000_000_000L);
  private final AtomicLong ticketIds = new AtomicLong(1000);
  private final AtomicLong commentIds = new AtomicLong(390_000_000_000L);

  private volatile String apiToken = DEFAULT_API_TOKEN;
  private volatile int requestsPerMinute = 700;
  private long rateWindowStartSecond;
  private int rateWindowCount;

  public ServiceDeskSimulator(
      int port, RetailSeed seed, Supplier<String> webhookUrl, String signingSecret) {
    this(port, seed, webhookUrl, null, signingSecret);
  }

  /**
   * @param userWebhookUrl where user events go (Zendesk lets each webhook subscribe to its own
   *     event types), or null to send none
   */
  public ServiceDeskSimulator(
      int port,
      RetailSeed seed,
      Supplier<String> webhookUrl,
      Supplier<String> userWebhookUrl,
      String signingSecret) {
    this.server = new SimulatorServer("servicedesk", port);
    this.webhooks =
        new WebhookDispatcher(
            "servicedesk",
            webhookUrl,
            body -> sign(signingSecret, body, Instant.now()),
            server.faults());
    this.userWebhooks =
        userWebhookUrl == null
            ? null
            : new WebhookDispatcher(
                "servicedesk-users",
                userWebhookUrl,
                body -> sign(signingSecret, body, Instant.now()),
                server.faults());
    load(seed);
    registerRoutes();
    server.stateView(this::stateView);
  }

  /** Zendesk's scheme: base64(HMAC-SHA256(secret, timestamp + body)), timestamp ISO-8601. */
  public static Map<String, String> sign(String secret, String body, Instant at) {
    String timestamp = at.truncatedTo(ChronoUnit.SECONDS).toString();
    return Map.of(
        SIGNATURE_HEADER,
        signature(secret, timestamp, body),
        SIGNATURE_TIMESTAMP_HEADER,
        timestamp);
  }

  public static String signature(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal((timestamp + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  // ---------------------------------------------------------------- lifecycle and accessors

  public ServiceDeskSimulator start() {
    server.start();
    return this;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public FaultInjector faults() {
    return server.faults();
  }

  public List<SimulatorServer.JournalEntry> journal() {
    return server.journal();
  }

  public void apiToken(String token) {
    this.apiToken = token;
  }

  public String apiToken() {
    return apiToken;
  }

  /** Requests per minute before 429; 0 switches the limit off. */
  public synchronized void requestsPerMinute(int limit) {
    this.requestsPerMinute = limit;
    this.rateWindowCount = 0;
  }

  public synchronized Optional<Map<String, Object>> ticket(long id) {
    return Optional.ofNullable(tickets.get(id)).map(this::ticketJson);
  }

  public synchronized Optional<Map<String, Object>> ticketByExternalId(String externalId) {
    return tickets.values().stream()
        .filter(ticket -> Objects.equals(ticket.externalId, externalId))
        .findFirst()
        .map(this::ticketJson);
  }

  public synchronized List<Map<String, Object>> comments(long ticketId) {
    Ticket ticket = tickets.get(ticketId);
    return ticket == null ? List.of() : List.copyOf(ticket.comments);
  }

  public synchronized Optional<Map<String, Object>> userByEmail(String email) {
    return users.values().stream()
        .filter(user -> email.equalsIgnoreCase(user.email))
        .findFirst()
        .map(this::userJson);
  }

  public synchronized int ticketCount() {
    return tickets.size();
  }

  public List<Map<String, Object>> sentWebhooks() {
    return List.copyOf(sentWebhooks);
  }

  public Map<String, Long> webhookStats() {
    return webhooks.stats();
  }

  @Override
  public void close() {
    webhooks.close();
    if (userWebhooks != null) {
      userWebhooks.close();
    }
    server.close();
  }

  // ---------------------------------------------------------------- seed

  private void load(RetailSeed seed) {
    Instant seededAt = RetailSeed.EPOCH;
    User agent = new User();
    agent.id = AGENT_USER_ID;
    agent.name = "Sandbox Agent";
    agent.email = AGENT_EMAIL;
    agent.role = "admin";
    agent.createdAt = seededAt;
    agent.updatedAt = seededAt;
    users.put(agent.id, agent);
    Organization organization = new Organization();
    organization.id = organizationIds.incrementAndGet();
    organization.name = "Retail Hub Customers";
    organization.externalId = "RETAIL-B2C";
    organization.domainNames = List.of("example.com");
    organization.createdAt = seededAt;
    organization.updatedAt = seededAt;
    organizations.put(organization.id, organization);
    for (int i = 0; i < seed.customers().size(); i++) {
      RetailSeed.Customer customer = seed.customers().get(i);
      User user = new User();
      user.id = customer.zendeskUserId();
      user.name = customer.firstName() + " " + customer.lastName();
      user.email = customer.email();
      user.phone = customer.phone();
      // half the customers were created by hand in the service desk, so they lack the golden ID
      user.externalId = i % 2 == 0 ? customer.goldenId() : null;
      user.organizationId = organization.id;
      user.createdAt = seededAt;
      user.updatedAt = seededAt;
      users.put(user.id, user);
    }
    long highestSeedTicket = 0;
    for (RetailSeed.HistoricalTicket historical : seed.tickets()) {
      RetailSeed.Customer customer = seed.customers().get(historical.customerIndex());
      Ticket ticket = new Ticket();
      ticket.id = historical.ticketId();
      ticket.subject = historical.subject();
      ticket.description = historical.subject();
      ticket.status = "open";
      ticket.requesterId = customer.zendeskUserId();
      ticket.submitterId = customer.zendeskUserId();
      ticket.organizationId = organization.id;
      ticket.createdAt = historical.createdAt();
      ticket.updatedAt = historical.createdAt();
      ticket.tags.add("order_status");
      ticket.customFields.put(ORDER_NUMBER_FIELD, historical.erpSalesOrder());
      ticket.customFields.put(GOLDEN_CUSTOMER_FIELD, customer.goldenId());
      ticket.comments.add(
          comment(ticket.requesterId, historical.subject(), true, ticket.createdAt));
      tickets.put(ticket.id, ticket);
      highestSeedTicket = Math.max(highestSeedTicket, ticket.id);
    }
    ticketIds.set(Math.max(ticketIds.get(), highestSeedTicket));
  }

  // ---------------------------------------------------------------- routes

  private void registerRoutes() {
    api("GET", "/api/v2/tickets.json", this::listTickets);
    api("POST", "/api/v2/tickets.json", this::createTicket);
    api("GET", "/api/v2/tickets/{id}/comments.json", this::listComments);
    api(
        "GET",
        "/api/v2/tickets/{id}.json",
        request -> Response.ok(Map.of("ticket", ticketJson(ticket(request)))));
    api("PUT", "/api/v2/tickets/{id}.json", this::updateTicket);

    api(
        "GET",
        "/api/v2/users/me.json",
        request -> Response.ok(Map.of("user", userJson(users.get(AGENT_USER_ID)))));
    api("GET", "/api/v2/users/search.json", this::searchUsers);
    api("POST", "/api/v2/users/create_or_update.json", this::createOrUpdateUser);
    api(
        "GET",
        "/api/v2/users.json",
        request -> page(request, "users", listOf(users.values(), this::userJson)));
    api("POST", "/api/v2/users.json", this::createUser);
    api(
        "GET",
        "/api/v2/users/{id}.json",
        request -> Response.ok(Map.of("user", userJson(user(request)))));
    api("PUT", "/api/v2/users/{id}.json", this::updateUser);

    api(
        "GET",
        "/api/v2/organizations.json",
        request ->
            page(request, "organizations", listOf(organizations.values(), this::organizationJson)));
    api("POST", "/api/v2/organizations.json", this::createOrganization);
    api(
        "GET",
        "/api/v2/organizations/{id}.json",
        request -> Response.ok(Map.of("organization", organizationJson(organization(request)))));

    api("GET", "/api/v2/search.json", this::search);

    server.route("GET", "/__admin/config", request -> Response.ok(config()));
    server.route(
        "PUT",
        "/__admin/config",
        request -> {
          JsonNode body = request.json();
          if (body.has("requestsPerMinute")) {
            requestsPerMinute(body.get("requestsPerMinute").asInt());
          }
          if (body.has("apiToken")) {
            apiToken(body.get("apiToken").asText());
          }
          return Response.ok(config());
        });
    server.route("GET", "/__admin/webhooks", request -> Response.ok(sentWebhooks()));
  }

  private Map<String, Object> config() {
    return Map.of("requestsPerMinute", requestsPerMinute, "apiTokenSet", !apiToken.isBlank());
  }

  private synchronized Object stateView() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("config", config());
    state.put("ticketCount", tickets.size());
    state.put("userCount", users.size());
    state.put("organizationCount", organizations.size());
    state.put("tickets", listOf(tickets.values(), this::ticketJson));
    state.put("webhooks", webhooks.stats());
    return state;
  }

  /** Registers an API route behind authentication, the rate limit and the state lock. */
  private void api(String method, String template, SimulatorServer.Handler handler) {
    server.route(
        method,
        template,
        request -> {
          if (!authenticated(request)) {
            return Response.json(401, Map.of("error", "Couldn't authenticate you"));
          }
          Response limited = rateLimited();
          if (limited != null) {
            return limited;
          }
          synchronized (this) {
            return handler.handle(request);
          }
        });
  }

  private boolean authenticated(Request request) {
    String header = request.header("authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int separator = decoded.indexOf("/token:");
    return separator > 0 && decoded.substring(separator + "/token:".length()).equals(apiToken);
  }

  private synchronized Response rateLimited() {
    int limit = requestsPerMinute;
    if (limit <= 0) {
      return null;
    }
    long nowSecond = Instant.now().getEpochSecond();
    if (nowSecond - rateWindowStartSecond >= 60) {
      rateWindowStartSecond = nowSecond;
      rateWindowCount = 0;
    }
    if (rateWindowCount >= limit) {
      long retryAfter = Math.max(1, 60 - (nowSecond - rateWindowStartSecond));
      return Response.json(
              429,
              Map.of(
                  "error", "APIRateLimitExceeded",
                  "description", "Number of allowed API requests per minute exceeded"))
          .withHeader("Retry-After", String.valueOf(retryAfter))
          .withHeader("X-Rate-Limit", String.valueOf(limit))
          .withHeader("X-Rate-Limit-Remaining", "0");
    }
    rateWindowCount++;
    return null;
  }

  private static HttpProblem notFound() {
    return new HttpProblem(404, Map.of("error", "RecordNotFound", "description", "Not found"));
  }

  private static HttpProblem invalid(String field, String description) {
    return new HttpProblem(
        422,
        Map.of(
            "error", "RecordInvalid",
            "description", "Record validation errors",
            "details",
                Map.of(
                    field, List.of(Map.of("description", description, "error", "InvalidValue")))));
  }

  private static long idParam(Request request) {
    try {
      return Long.parseLong(request.pathParam("id"));
    } catch (NumberFormatException e) {
      throw notFound();
    }
  }

  private Ticket ticket(Request request) {
    Ticket ticket = tickets.get(idParam(request));
    if (ticket == null) {
      throw notFound();
    }
    return ticket;
  }

  private User user(Request request) {
    User user = users.get(idParam(request));
    if (user == null) {
      throw notFound();
    }
    return user;
  }

  private Organization organization(Request request) {
    Organization organization = organizations.get(idParam(request));
    if (organization == null) {
      throw notFound();
    }
    return organization;
  }

  private static <T> List<Map<String, Object>> listOf(
      java.util.Collection<T> items, java.util.function.Function<T, Map<String, Object>> json) {
    return items.stream().map(json).toList();
  }

  /**
   * Zendesk offset pagination: {@code page}, {@code per_page}, {@code next_page}, {@code count}.
   */
  private Response page(Request request, String key, List<Map<String, Object>> all) {
    int perPage = Math.min(MAX_PER_PAGE, Math.max(1, intParam(request, "per_page", MAX_PER_PAGE)));
    int pageNumber = Math.max(1, intParam(request, "page", 1));
    int from = Math.min(all.size(), (pageNumber - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(key, all.subList(from, to));
    body.put("next_page", to < all.size() ? pageUrl(request, pageNumber + 1, perPage) : null);
    body.put("previous_page", pageNumber > 1 ? pageUrl(request, pageNumber - 1, perPage) : null);
    body.put("count", all.size());
    return Response.ok(body);
  }

  private String pageUrl(Request request, int pageNumber, int perPage) {
    StringBuilder url =
        new StringBuilder(
            baseUrl() + request.path() + "?page=" + pageNumber + "&per_page=" + perPage);
    request
        .query()
        .forEach(
            (key, value) -> {
              if (!key.equals("page") && !key.equals("per_page")) {
                url.append('&')
                    .append(key)
                    .append('=')
                    .append(
                        java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)
                            .replace("+", "%20"));
              }
            });
    return url.toString();
  }

  private static int intParam(Request request, String name, int fallback) {
    try {
      return Integer.parseInt(request.query().getOrDefault(name, String.valueOf(fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  // ---------------------------------------------------------------- tickets

  private Map<String, Object> ticketJson(Ticket ticket) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", baseUrl() + "/api/v2/tickets/" + ticket.id + ".json");
    json.put("id", ticket.id);
    json.put("external_id", ticket.externalId);
    json.put(
        "via",
        Map.of("channel", "api", "source", Map.of("from", Map.of(), "to", Map.of(), "rel", "")));
    json.put("created_at", time(ticket.createdAt));
    json.put("updated_at", time(ticket.updatedAt));
    json.put("type", ticket.type);
    json.put("subject", ticket.subject);
    json.put("raw_subject", ticket.subject);
    json.put("description", ticket.description);
    json.put("priority", ticket.priority);
    json.put("status", ticket.status);
    json.put("requester_id", ticket.requesterId);
    json.put("submitter_id", ticket.submitterId);
    json.put("assignee_id", ticket.assigneeId);
    json.put("organization_id", ticket.organizationId);
    json.put("group_id", null);
    json.put("tags", List.copyOf(ticket.tags));
    List<Map<String, Object>> fields = new ArrayList<>();
    for (long fieldId : TICKET_FIELDS) {
      Map<String, Object> field = new LinkedHashMap<>();
      field.put("id", fieldId);
      field.put("value", ticket.customFields.get(fieldId));
      fields.add(field);
    }
    json.put("custom_fields", fields);
    json.put("fields", fields);
    json.put(
        "is_public", ticket.comments.stream().anyMatch(c -> Boolean.TRUE.equals(c.get("public"))));
    json.put("has_incidents", false);
    json.put("satisfaction_rating", null);
    return json;
  }

  private Map<String, Object> comment(long authorId, String body, boolean isPublic, Instant at) {
    Map<String, Object> comment = new LinkedHashMap<>();
    comment.put("id", commentIds.incrementAndGet());
    comment.put("type", "Comment");
    comment.put("author_id", authorId);
    comment.put("body", body);
    comment.put(
        "html_body",
        "<div class=\"zd-comment\" dir=\"auto\"><p>" + escapeHtml(body) + "</p></div>");
    comment.put("plain_body", body);
    comment.put("public", isPublic);
    comment.put("attachments", List.of());
    comment.put("audit_id", commentIds.get());
    comment.put("via", Map.of("channel", "api"));
    comment.put("created_at", time(at));
    comment.put("metadata", Map.of("system", Map.of()));
    return comment;
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private Response listTickets(Request request) {
    String externalId = request.query().get("external_id");
    List<Map<String, Object>> all =
        tickets.values().stream()
            .filter(ticket -> externalId == null || externalId.equals(ticket.externalId))
            .map(this::ticketJson)
            .toList();
    return page(request, "tickets", all);
  }

  private Response listComments(Request request) {
    return page(request, "comments", List.copyOf(ticket(request).comments));
  }

  private Response createTicket(Request request) {
    JsonNode body = request.json().path("ticket");
    if (!body.isObject()) {
      throw invalid("ticket", "Ticket: is required");
    }
    JsonNode commentNode = body.path("comment");
    String commentBody = commentNode.path("body").asText(commentNode.path("html_body").asText(""));
    if (commentBody.isBlank() && body.path("description").asText("").isBlank()) {
      throw invalid("description", "Description: cannot be blank");
    }
    Instant now = Instant.now();
    Ticket ticket = new Ticket();
    ticket.id = ticketIds.incrementAndGet();
    ticket.subject = body.path("subject").asText(null);
    ticket.description = commentBody.isBlank() ? body.path("description").asText() : commentBody;
    ticket.requesterId = requesterOf(body, now);
    ticket.submitterId = body.path("submitter_id").asLong(AGENT_USER_ID);
    ticket.assigneeId = body.hasNonNull("assignee_id") ? body.get("assignee_id").asLong() : null;
    ticket.organizationId = users.get(ticket.requesterId).organizationId;
    ticket.createdAt = now;
    ticket.updatedAt = now;
    applyTicketFields(ticket, body);
    if (!body.hasNonNull("status")) {
      ticket.status = ticket.assigneeId == null ? "new" : "open";
    }
    boolean isPublic = !commentNode.has("public") || commentNode.get("public").asBoolean();
    long authorId = commentNode.path("author_id").asLong(ticket.requesterId);
    ticket.comments.add(comment(authorId, ticket.description, isPublic, now));
    tickets.put(ticket.id, ticket);
    String sequence = UUID.randomUUID().toString();
    emit(ticket, "ticket.created", Map.of(), sequence, 1);
    return Response.json(201, Map.of("ticket", ticketJson(ticket), "audit", audit(ticket, now)))
        .withHeader("Location", baseUrl() + "/api/v2/tickets/" + ticket.id + ".json");
  }

  private Map<String, Object> audit(Ticket ticket, Instant at) {
    return Map.of(
        "id", commentIds.get(),
        "ticket_id", ticket.id,
        "created_at", time(at),
        "author_id", AGENT_USER_ID,
        "events", List.of());
  }

  private long requesterOf(JsonNode body, Instant now) {
    if (body.hasNonNull("requester_id")) {
      long requesterId = body.get("requester_id").asLong();
      if (!users.containsKey(requesterId)) {
        throw invalid("requester_id", "Requester: is invalid");
      }
      return requesterId;
    }
    JsonNode requester = body.path("requester");
    if (requester.hasNonNull("email")) {
      String email = requester.get("email").asText();
      return users.values().stream()
          .filter(user -> email.equalsIgnoreCase(user.email))
          .findFirst()
          .orElseGet(
              () -> {
                User created =
                    newUser(requester.path("name").asText(email), email, null, null, now);
                emitUser(created, "user.created", Map.of());
                return created;
              })
          .id;
    }
    return AGENT_USER_ID;
  }

  private void applyTicketFields(Ticket ticket, JsonNode body) {
    if (body.has("subject")) {
      ticket.subject = body.get("subject").asText();
    }
    if (body.hasNonNull("status")) {
      String status = body.get("status").asText().toLowerCase(Locale.ROOT);
      if (!STATUSES.contains(status)) {
        throw invalid("status", "Status: " + status + " is not valid");
      }
      ticket.status = status;
    }
    if (body.has("priority")) {
      ticket.priority = body.get("priority").isNull() ? null : body.get("priority").asText();
    }
    if (body.has("type")) {
      ticket.type = body.get("type").isNull() ? null : body.get("type").asText();
    }
    if (body.has("external_id")) {
      ticket.externalId =
          body.get("external_id").isNull() ? null : body.get("external_id").asText();
    }
    if (body.has("assignee_id")) {
      ticket.assigneeId =
          body.get("assignee_id").isNull() ? null : body.get("assignee_id").asLong();
    }
    if (body.has("tags")) {
      ticket.tags = new LinkedHashSet<>();
      body.get("tags").forEach(tag -> ticket.tags.add(tag.asText()));
    }
    for (JsonNode tag : body.path("additional_tags")) {
      ticket.tags.add(tag.asText());
    }
    for (JsonNode tag : body.path("remove_tags")) {
      ticket.tags.remove(tag.asText());
    }
    JsonNode fields = body.has("custom_fields") ? body.get("custom_fields") : body.path("fields");
    for (JsonNode field : fields) {
      long fieldId = field.path("id").asLong();
      // like Zendesk, values for fields the account does not have are ignored
      if (TICKET_FIELDS.contains(fieldId)) {
        JsonNode value = field.get("value");
        ticket.customFields.put(
            fieldId,
            value == null || value.isNull()
                ? null
                : SimulatorServer.JSON.convertValue(value, Object.class));
      }
    }
  }

  private Response updateTicket(Request request) {
    Ticket ticket = ticket(request);
    JsonNode body = request.json().path("ticket");
    if (!body.isObject()) {
      throw invalid("ticket", "Ticket: is required");
    }
    if ("closed".equals(ticket.status)) {
      throw invalid("status", "Status: closed prevents ticket update");
    }
    String previousStatus = ticket.status;
    List<String> previousTags = List.copyOf(ticket.tags);
    Map<Long, Object> previousFields = new TreeMap<>(ticket.customFields);
    String previousSubject = ticket.subject;
    Instant now = Instant.now();
    applyTicketFields(ticket, body);
    if (body.has("status") && "new".equals(ticket.status) && !"new".equals(previousStatus)) {
      throw invalid("status", "Status: cannot be changed back to new");
    }
    JsonNode commentNode = body.path("comment");
    String commentBody = commentNode.path("body").asText(commentNode.path("html_body").asText(""));
    Map<String, Object> added = null;
    if (!commentBody.isBlank()) {
      boolean isPublic = !commentNode.has("public") || commentNode.get("public").asBoolean();
      added =
          comment(commentNode.path("author_id").asLong(AGENT_USER_ID), commentBody, isPublic, now);
      ticket.comments.add(added);
      if ("new".equals(ticket.status) && !body.has("status")) {
        ticket.status = "open";
      }
    }
    ticket.updatedAt = now;

    String sequence = UUID.randomUUID().toString();
    int position = 1;
    if (added != null) {
      Map<String, Object> eventComment = new LinkedHashMap<>();
      eventComment.put("id", String.valueOf(added.get("id")));
      eventComment.put("body", added.get("body"));
      eventComment.put("is_public", added.get("public"));
      long authorId = (Long) added.get("author_id");
      User author = users.get(authorId);
      eventComment.put(
          "author",
          Map.of(
              "id",
              String.valueOf(authorId),
              "is_staff",
              author != null && !"end-user".equals(author.role),
              "name",
              author == null ? "" : author.name));
      emit(ticket, "ticket.comment_added", Map.of("comment", eventComment), sequence, position++);
    }
    if (!Objects.equals(previousStatus, ticket.status)) {
      emit(
          ticket,
          "ticket.status_changed",
          Map.of(
              "current",
              ticket.status.toUpperCase(Locale.ROOT),
              "previous",
              previousStatus.toUpperCase(Locale.ROOT)),
          sequence,
          position++);
    }
    if (!Objects.equals(previousSubject, ticket.subject)) {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("current", ticket.subject);
      change.put("previous", previousSubject);
      emit(ticket, "ticket.subject_changed", change, sequence, position++);
    }
    if (!previousTags.equals(List.copyOf(ticket.tags))) {
      List<String> addedTags =
          ticket.tags.stream().filter(tag -> !previousTags.contains(tag)).toList();
      List<String> removedTags =
          previousTags.stream().filter(tag -> !ticket.tags.contains(tag)).toList();
      emit(
          ticket,
          "ticket.tags_changed",
          Map.of("tags_added", addedTags, "tags_removed", removedTags),
          sequence,
          position++);
    }
    for (long fieldId : TICKET_FIELDS) {
      Object before = previousFields.get(fieldId);
      Object after = ticket.customFields.get(fieldId);
      if (!Objects.equals(before, after)) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("current", after == null ? null : String.valueOf(after));
        change.put("previous", before == null ? null : String.valueOf(before));
        change.put("custom_field", Map.of("id", String.valueOf(fieldId), "type", "text"));
        emit(ticket, "ticket.custom_field_changed", change, sequence, position++);
      }
    }
    return Response.ok(Map.of("ticket", ticketJson(ticket), "audit", audit(ticket, now)));
  }

  /** Sends one Zendesk ticket event webhook (the event-webhook schema, not trigger JSON). */
  private void emit(
      Ticket ticket, String eventType, Map<String, Object> event, String sequence, int position) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("actor_id", String.valueOf(AGENT_USER_ID));
    detail.put("assignee_id", ticket.assigneeId == null ? null : String.valueOf(ticket.assigneeId));
    detail.put("brand_id", "1");
    detail.put("created_at", time(ticket.createdAt));
    detail.put("custom_status", null);
    detail.put("description", ticket.description);
    detail.put("external_id", ticket.externalId);
    detail.put("form_id", "1");
    detail.put("group_id", null);
    detail.put("id", String.valueOf(ticket.id));
    detail.put("is_public", true);
    detail.put(
        "organization_id",
        ticket.organizationId == null ? null : String.valueOf(ticket.organizationId));
    detail.put(
        "priority", ticket.priority == null ? null : ticket.priority.toUpperCase(Locale.ROOT));
    detail.put("requester_id", String.valueOf(ticket.requesterId));
    detail.put("status", ticket.status.toUpperCase(Locale.ROOT));
    detail.put("subject", ticket.subject);
    detail.put("submitter_id", String.valueOf(ticket.submitterId));
    detail.put("tags", List.copyOf(ticket.tags));
    detail.put("type", ticket.type == null ? null : ticket.type.toUpperCase(Locale.ROOT));
    detail.put("updated_at", time(ticket.updatedAt));
    detail.put("via", Map.of("channel", "api"));
    Map<String, Object> eventBody = new LinkedHashMap<>(event);
    eventBody.put("meta", Map.of("sequence", Map.of("id", sequence, "position", position)));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", "zen:event-type:" + eventType);
    payload.put("account_id", ACCOUNT_ID);
    payload.put("id", UUID.randomUUID().toString());
    payload.put("time", time(Instant.now()));
    payload.put("zendesk_event_version", EVENT_VERSION);
    payload.put("subject", "zen:ticket:" + ticket.id);
    payload.put("detail", detail);
    payload.put("event", eventBody);
    sentWebhooks.add(payload);
    try {
      webhooks.send(SimulatorServer.JSON.writeValueAsString(payload), "application/json", Map.of());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- users and organizations

  private Map<String, Object> userJson(User user) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", baseUrl() + "/api/v2/users/" + user.id + ".json");
    json.put("id", user.id);
    json.put("name", user.name);
    json.put("email", user.email);
    json.put("phone", user.phone);
    json.put("external_id", user.externalId);
    json.put("role", user.role);
    json.put("organization_id", user.organizationId);
    json.put("active", true);
    json.put("verified", true);
    json.put("suspended", false);
    json.put("time_zone", "Berlin");
    json.put("locale", "en-US");
    json.put("tags", List.of());
    json.put("user_fields", Map.of());
    json.put("created_at", time(user.createdAt));
    json.put("updated_at", time(user.updatedAt));
    return json;
  }

  private User newUser(String name, String email, String phone, String externalId, Instant now) {
    User user = new User();
    user.id = userIds.incrementAndGet();
    user.name = name;
    user.email = email;
    user.phone = phone;
    user.externalId = externalId;
    user.createdAt = now;
    user.updatedAt = now;
    users.put(user.id, user);
    return user;
  }

  private void applyUserFields(User user, JsonNode body) {
    String previousName = user.name;
    String previousEmail = user.email;
    String previousPhone = user.phone;
    String previousExternalId = user.externalId;
    applyUserAttributes(user, body);
    if (!Objects.equals(previousName, user.name)) {
      emitUser(user, "user.name_changed", change(user.name, previousName));
    }
    if (!Objects.equals(previousEmail, user.email)) {
      emitUser(user, "user.identity_changed", identityChange("email", user.email, previousEmail));
    }
    if (!Objects.equals(previousPhone, user.phone)) {
      emitUser(
          user, "user.identity_changed", identityChange("phone_number", user.phone, previousPhone));
    }
    if (!Objects.equals(previousExternalId, user.externalId)) {
      emitUser(user, "user.external_id_changed", change(user.externalId, previousExternalId));
    }
  }

  private static Map<String, Object> change(Object current, Object previous) {
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("current", current);
    change.put("previous", previous);
    return change;
  }

  /** Zendesk's identity event: the primary identity's type and value, before and after. */
  private static Map<String, Object> identityChange(String type, String current, String previous) {
    return change(identity(type, current), identity(type, previous));
  }

  private static Map<String, Object> identity(String type, String value) {
    if (value == null) {
      return null;
    }
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("primary", true);
    identity.put("type", type);
    identity.put("value", value);
    return identity;
  }

  /** Sends one Zendesk user event webhook; the detail holds the user fields Zendesk sends. */
  private void emitUser(User user, String eventType, Map<String, Object> event) {
    if (userWebhooks == null || !"end-user".equals(user.role)) {
      return;
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("created_at", time(user.createdAt));
    detail.put("email", user.email);
    detail.put("external_id", user.externalId == null ? "" : user.externalId);
    detail.put("default_group_id", "0");
    detail.put("id", String.valueOf(user.id));
    detail.put(
        "organization_id", user.organizationId == null ? "0" : String.valueOf(user.organizationId));
    detail.put("role", user.role);
    detail.put("updated_at", time(user.updatedAt));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", "zen:event-type:" + eventType);
    payload.put("account_id", ACCOUNT_ID);
    payload.put("id", UUID.randomUUID().toString());
    payload.put("time", time(user.updatedAt));
    payload.put("zendesk_event_version", EVENT_VERSION);
    payload.put("subject", "zen:user:" + user.id);
    payload.put("detail", detail);
    payload.put("event", event);
    sentWebhooks.add(payload);
    try {
      userWebhooks.send(
          SimulatorServer.JSON.writeValueAsString(payload), "application/json", Map.of());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void applyUserAttributes(User user, JsonNode body) {
    if (body.hasNonNull("name")) {
      user.name = body.get("name").asText();
    }
    if (body.has("email")) {
      String email = body.get("email").isNull() ? null : body.get("email").asText();
      if (email != null
          && users.values().stream()
              .anyMatch(other -> other != user && email.equalsIgnoreCase(other.email))) {
        throw invalid("email", "Email: " + email + " is already being used by another user");
      }
      user.email = email;
    }
    if (body.has("phone")) {
      user.phone = body.get("phone").isNull() ? null : body.get("phone").asText();
    }
    if (body.has("external_id")) {
      user.externalId = body.get("external_id").isNull() ? null : body.get("external_id").asText();
    }
    if (body.has("organization_id")) {
      user.organizationId =
          body.get("organization_id").isNull() ? null : body.get("organization_id").asLong();
    }
    if (body.hasNonNull("role")) {
      user.role = body.get("role").asText();
    }
    user.updatedAt = Instant.now();
  }

  private Response createUser(Request request) {
    JsonNode body = request.json().path("user");
    if (body.path("name").asText("").isBlank()) {
      throw invalid("name", "Name: is too short (minimum one character)");
    }
    User user = newUser(body.get("name").asText(), null, null, null, Instant.now());
    try {
      // a new user's one event is user.created, not a change per field
      applyUserAttributes(user, body);
    } catch (HttpProblem problem) {
      users.remove(user.id);
      throw problem;
    }
    emitUser(user, "user.created", Map.of());
    return Response.json(201, Map.of("user", userJson(user)));
  }

  private Response updateUser(Request request) {
    User user = user(request);
    applyUserFields(user, request.json().path("user"));
    return Response.ok(Map.of("user", userJson(user)));
  }

  /** Matches an existing user by external_id, then by email, as Zendesk does. */
  private Response createOrUpdateUser(Request request) {
    JsonNode body = request.json().path("user");
    String externalId = body.path("external_id").asText(null);
    String email = body.path("email").asText(null);
    Optional<User> existing =
        users.values().stream()
            .filter(user -> externalId != null && externalId.equals(user.externalId))
            .findFirst()
            .or(
                () ->
                    users.values().stream()
                        .filter(user -> email != null && email.equalsIgnoreCase(user.email))
                        .findFirst());
    if (existing.isPresent()) {
      applyUserFields(existing.get(), body);
      return Response.ok(Map.of("user", userJson(existing.get())));
    }
    return createUser(request);
  }

  private Response searchUsers(Request request) {
    String externalId = request.query().get("external_id");
    String query = request.query().getOrDefault("query", "");
    Predicate<User> matches =
        externalId != null ? user -> externalId.equals(user.externalId) : userQuery(query);
    return page(
        request, "users", users.values().stream().filter(matches).map(this::userJson).toList());
  }

  private static Predicate<User> userQuery(String query) {
    Predicate<User> predicate = user -> true;
    for (String term : terms(query)) {
      String lower = term.toLowerCase(Locale.ROOT);
      if (lower.startsWith("email:")) {
        String email = term.substring(6);
        predicate = predicate.and(user -> email.equalsIgnoreCase(user.email));
      } else if (lower.startsWith("external_id:")) {
        String externalId = term.substring(12);
        predicate = predicate.and(user -> externalId.equals(user.externalId));
      } else if (lower.startsWith("phone:")) {
        String phone = term.substring(6);
        predicate = predicate.and(user -> phone.equals(user.phone));
      } else if (lower.startsWith("name:")) {
        String name = lower.substring(5);
        predicate = predicate.and(user -> contains(user.name, name));
      } else if (!lower.startsWith("type:")) {
        predicate =
            predicate.and(user -> contains(user.name, lower) || contains(user.email, lower));
      }
    }
    return predicate;
  }

  private Map<String, Object> organizationJson(Organization organization) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", baseUrl() + "/api/v2/organizations/" + organization.id + ".json");
    json.put("id", organization.id);
    json.put("name", organization.name);
    json.put("external_id", organization.externalId);
    json.put("domain_names", organization.domainNames);
    json.put("tags", List.of());
    json.put("organization_fields", Map.of());
    json.put("created_at", time(organization.createdAt));
    json.put("updated_at", time(organization.updatedAt));
    return json;
  }

  private Response createOrganization(Request request) {
    JsonNode body = request.json().path("organization");
    String name = body.path("name").asText("");
    if (name.isBlank()) {
      throw invalid("name", "Name: cannot be blank");
    }
    if (organizations.values().stream().anyMatch(o -> o.name.equalsIgnoreCase(name))) {
      throw invalid("name", "Name: " + name + " has already been taken");
    }
    Organization organization = new Organization();
    organization.id = organizationIds.incrementAndGet();
    organization.name = name;
    organization.externalId = body.path("external_id").asText(null);
    List<String> domains = new ArrayList<>();
    body.path("domain_names").forEach(domain -> domains.add(domain.asText()));
    organization.domainNames = List.copyOf(domains);
    organization.createdAt = Instant.now();
    organization.updatedAt = organization.createdAt;
    organizations.put(organization.id, organization);
    return Response.json(201, Map.of("organization", organizationJson(organization)));
  }

  // ---------------------------------------------------------------- search

  /**
   * The search subset: {@code type:ticket|user|organization}, {@code email:}, {@code external_id:},
   * {@code status:}, {@code tags:}, {@code requester:<email>}, {@code custom_field_<id>:<value>},
   * {@code order_by:created_at}, and free text on ticket subject and description, user name and
   * email, organization name.
   */
  private Response search(Request request) {
    String query = request.query().getOrDefault("query", "");
    List<String> terms = terms(query);
    String type =
        terms.stream()
            .filter(term -> term.toLowerCase(Locale.ROOT).startsWith("type:"))
            .map(term -> term.substring(5).toLowerCase(Locale.ROOT))
            .findFirst()
            .orElse(null);
    List<Map<String, Object>> results = new ArrayList<>();
    if (type == null || type.equals("ticket")) {
      Predicate<Ticket> predicate = ticketQuery(terms);
      tickets.values().stream()
          .filter(predicate)
          .forEach(ticket -> results.add(withResultType(ticketJson(ticket), "ticket")));
    }
    if (type == null || type.equals("user")) {
      users.values().stream()
          .filter(userQuery(query))
          .forEach(user -> results.add(withResultType(userJson(user), "user")));
    }
    if (type == null || type.equals("organization")) {
      for (Organization organization : organizations.values()) {
        boolean all = true;
        for (String term : terms) {
          String lower = term.toLowerCase(Locale.ROOT);
          if (lower.startsWith("external_id:")) {
            all &= term.substring(12).equals(organization.externalId);
          } else if (!lower.contains(":")) {
            all &= contains(organization.name, lower);
          } else if (!lower.startsWith("type:")) {
            all = false;
          }
        }
        if (all) {
          results.add(withResultType(organizationJson(organization), "organization"));
        }
      }
    }
    Response response = page(request, "results", results);
    @SuppressWarnings("unchecked")
    Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) response.body());
    body.put("facets", null);
    return Response.ok(body);
  }

  private Predicate<Ticket> ticketQuery(List<String> terms) {
    Predicate<Ticket> predicate = ticket -> true;
    for (String term : terms) {
      String lower = term.toLowerCase(Locale.ROOT);
      int colon = term.indexOf(':');
      String value = colon < 0 ? "" : term.substring(colon + 1);
      if (lower.startsWith("type:") || lower.startsWith("order_by:") || lower.startsWith("sort:")) {
        continue;
      } else if (lower.startsWith("status:")) {
        predicate = predicate.and(ticket -> ticket.status.equalsIgnoreCase(value));
      } else if (lower.startsWith("external_id:")) {
        predicate = predicate.and(ticket -> value.equals(ticket.externalId));
      } else if (lower.startsWith("tags:") || lower.startsWith("tag:")) {
        predicate = predicate.and(ticket -> ticket.tags.contains(value));
      } else if (lower.startsWith("requester:")) {
        predicate =
            predicate.and(
                ticket -> {
                  User requester = users.get(ticket.requesterId);
                  return requester != null
                      && (value.equalsIgnoreCase(requester.email)
                          || value.equals(String.valueOf(requester.id)));
                });
      } else if (lower.startsWith("custom_field_")) {
        long fieldId;
        try {
          fieldId = Long.parseLong(term.substring(13, colon));
        } catch (RuntimeException e) {
          throw new HttpProblem(
              400, Map.of("error", "InvalidSearch", "description", "Unknown term " + term));
        }
        predicate =
            predicate.and(ticket -> value.equals(String.valueOf(ticket.customFields.get(fieldId))));
      } else if (colon > 0) {
        // email:, name: and other user-only keywords exclude tickets, as in Zendesk
        predicate = predicate.and(ticket -> false);
      } else {
        predicate =
            predicate.and(
                ticket -> contains(ticket.subject, lower) || contains(ticket.description, lower));
      }
    }
    return predicate;
  }

  private static Map<String, Object> withResultType(Map<String, Object> json, String type) {
    Map<String, Object> copy = new LinkedHashMap<>(json);
    copy.put("result_type", type);
    return copy;
  }

  private static boolean contains(String haystack, String lowerNeedle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
  }

  /** Splits a search query on spaces, keeping double-quoted phrases together. */
  private static List<String> terms(String query) {
    List<String> terms = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (char c : query.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (current.length() > 0) {
          terms.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      terms.add(current.toString());
    }
    return terms;
  }
}
