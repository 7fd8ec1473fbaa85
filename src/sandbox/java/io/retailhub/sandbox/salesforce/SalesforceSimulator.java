package io.retailhub.sandbox.salesforce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.FaultInjector;
import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.support.SimulatorServer.Request;
import io.retailhub.sandbox.support.SimulatorServer.Response;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stateful Salesforce org for development and tests: OAuth 2.0 login, the REST API (sObjects,
 * SOQL, Composite, sObject Collections, limits) and Change Data Capture over the Streaming API
 * (CometD). See {@code docs/sandbox-salesforce.md} for the supported surface and the known
 * differences from a real org.
 *
 * <p>Besides the shared admin endpoints of {@link SimulatorServer} it offers, under {@code
 * /__admin/salesforce}: {@code POST tokens/expire}, {@code PUT limits} ({@code
 * {"max","remaining"}}), {@code PUT token-ttl} ({@code {"seconds"}}), {@code GET records/{type}}
 * and {@code GET events}.
 */
public final class SalesforceSimulator implements AutoCloseable {

  public static final String ORG_ID = "00D000000000001AAA";
  public static final String USER_ID = "005000000000001AAA";
  public static final String DEFAULT_CLIENT_ID = "retailhub-connected-app";
  public static final String DEFAULT_CLIENT_SECRET = "retailhub-connected-app-secret";
  public static final String DEFAULT_USERNAME = "integration@retailhub.example";
  public static final String DEFAULT_PASSWORD = "retailhub-password";
  public static final long DEFAULT_DAILY_API_REQUESTS = 100_000;

  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final Pattern VERSION = Pattern.compile("v(\\d+\\.\\d)");
  private static final Pattern REFERENCE = Pattern.compile("@\\{([A-Za-z0-9_]+)\\.([^}]+)}");
  private static final int DEFAULT_QUERY_BATCH = 2000;
  private static final int COMPOSITE_LIMIT = 25;
  private static final int COLLECTION_LIMIT = 200;

  private record Token(String username, String clientId, Instant issuedAt, Instant expiresAt) {}

  /** A server-side query cursor for {@code queryMore}. */
  private record Cursor(List<Map<String, Object>> rows, int batchSize) {}

  /**
   * One REST data call as the handlers see it; {@code sharedTx} is set inside allOrNone composites.
   */
  private record DataCall(
      String method,
      String version,
      Map<String, String> params,
      Map<String, String> query,
      Request request,
      JsonNode body,
      RecordStore.Transaction sharedTx) {}

  @FunctionalInterface
  private interface DataHandler {
    Response handle(DataCall call);
  }

  private record DataRoute(
      String method, Pattern pattern, List<String> names, DataHandler handler) {}

  private final SimulatorServer server;
  private final SObjectSchema schema = SObjectSchema.retailOrg();
  private final RecordStore store;
  private final ChangeEventBus bus;
  private final StreamingApi streaming;
  private final SoqlExecutor soql;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
  private final Map<String, String> userPasswords = new ConcurrentHashMap<>();
  private final AtomicLong apiUsed = new AtomicLong();
  private final AtomicLong cursorIds = new AtomicLong();
  private final Map<String, Cursor> cursors =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
              return size() > 1000;
            }
          });
  private final List<DataRoute> dataRoutes = new ArrayList<>();
  private final List<Consumer<List<RecordStore.Change>>> commitObservers =
      new CopyOnWriteArrayList<>();
  private volatile long apiMax = DEFAULT_DAILY_API_REQUESTS;
  private volatile Duration tokenTtl = Duration.ofHours(2);
  private volatile Clock clock = Clock.systemUTC();
  private volatile boolean publishChanges;

  public SalesforceSimulator(int port, RetailSeed seed) {
    this.server = new SimulatorServer("salesforce", port);
    this.bus = new ChangeEventBus(schema.changeDataCaptureTypes(), USER_ID, 100_000);
    this.store =
        new RecordStore(
            schema,
            () -> clock,
            USER_ID,
            changes -> {
              if (publishChanges) {
                bus.publish(changes, "com/salesforce/api/rest/62.0");
              }
              commitObservers.forEach(observer -> observer.accept(changes));
            });
    this.soql = new SoqlExecutor(store);
    this.streaming = new StreamingApi(bus, this::isValidToken);
    clientSecrets.put(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
    userPasswords.put(DEFAULT_USERNAME, DEFAULT_PASSWORD);
    seed(seed);
    publishChanges = true;
    registerAuth();
    registerData();
    streaming.register(server);
    registerAdmin();
    server.stateView(this::state);
  }

  public SalesforceSimulator start() {
    server.start();
    return this;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    streaming.close();
    server.close();
  }

  // ---------------------------------------------------------------- Java accessors for tests

  /** A live record by type and external ID (or any field), if exactly one matches. */
  public Optional<Map<String, Object>> record(String type, String field, String value) {
    SObjectSchema.SObjectType sObjectType = schema.type(type);
    SObjectSchema.Field sObjectField = sObjectType == null ? null : sObjectType.field(field);
    if (sObjectField == null) {
      throw new IllegalArgumentException("unknown sObject field " + type + "." + field);
    }
    List<Map<String, Object>> matches =
        store.findBy(sObjectType.name(), sObjectField.name(), value);
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  /** Any record by ID, deleted or not. */
  public Optional<Map<String, Object>> record(String id) {
    return Optional.ofNullable(store.find(id));
  }

  public List<Map<String, Object>> records(String type) {
    return store.records(schema.type(type).name(), false);
  }

  /** Data API calls counted against the daily budget since start. */
  public long apiCallCount() {
    return apiUsed.get();
  }

  public void apiBudget(long max, long remaining) {
    this.apiMax = max;
    this.apiUsed.set(Math.max(0, max - remaining));
  }

  public void tokenTtl(Duration ttl) {
    this.tokenTtl = ttl;
  }

  /** Expires every issued token now; Streaming API clients must handshake (and log in) again. */
  public void expireAllTokens() {
    streaming.invalidateSessions();
    Instant now = clock.instant();
    tokens.replaceAll(
        (key, token) -> new Token(token.username(), token.clientId(), token.issuedAt(), now));
  }

  public void clock(Clock clock) {
    this.clock = clock;
  }

  public void addClient(String clientId, String clientSecret) {
    clientSecrets.put(clientId, clientSecret);
  }

  public void addUser(String username, String password) {
    userPasswords.put(username, password);
  }

  public void longPollTimeout(Duration timeout) {
    streaming.longPollTimeout(timeout);
  }

  /**
   * In-process hook: every committed transaction's changes of any type (CDC-enabled or not), on the
   * committing thread at the moment of commit, still under the store lock, so an observer must be
   * quick. Benchmarks use it to time when a write was applied.
   */
  public void onCommit(Consumer<List<RecordStore.Change>> observer) {
    commitObservers.add(observer);
  }

  public List<ChangeEventBus.ChangeEvent> changeEvents() {
    return bus.retained();
  }

  public SObjectSchema schema() {
    return schema;
  }

  public FaultInjector faults() {
    return server.faults();
  }

  public List<SimulatorServer.JournalEntry> journal() {
    return server.journal();
  }

  /** The identity URL camel-salesforce and jsforce parse the org and user IDs from. */
  public String identityUrl() {
    return baseUrl() + "/id/" + ORG_ID + "/" + USER_ID;
  }

  // ---------------------------------------------------------------- OAuth

  private void registerAuth() {
    server.route("POST", "/services/oauth2/token", this::token);
    server.route("POST", "/services/oauth2/revoke", this::revoke);
    server.route("GET", "/services/oauth2/revoke", this::revoke);
    server.route(
        "GET",
        "/id/{org}/{user}",
        request -> {
          String token = StreamingApi.bearer(request.header("Authorization"));
          if (token == null || !isValidToken(token)) {
            return invalidSession();
          }
          Map<String, Object> identity = new LinkedHashMap<>();
          identity.put("id", identityUrl());
          identity.put("user_id", USER_ID);
          identity.put("organization_id", ORG_ID);
          identity.put("username", tokens.get(token).username());
          identity.put("display_name", "Retail Hub Integration");
          identity.put("active", true);
          identity.put("user_type", "STANDARD");
          identity.put("urls", Map.of("rest", baseUrl() + "/services/data/v{version}/"));
          return Response.ok(identity);
        });
    server.route(
        "GET",
        "/services/data",
        request ->
            Response.ok(
                List.of(
                    Map.of(
                        "label", "Winter '25", "url", "/services/data/v62.0", "version", "62.0"))));
  }

  private Response token(Request request) {
    Map<String, String> form = new LinkedHashMap<>(request.query());
    form.putAll(SimulatorServer.parseQuery(request.bodyText()));
    String grantType = form.getOrDefault("grant_type", "");
    String clientId = form.get("client_id");
    String clientSecret = form.get("client_secret");
    String basic = request.header("Authorization");
    if (clientId == null && basic != null && basic.startsWith("Basic ")) {
      String[] pair =
          new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8)
              .split(":", 2);
      clientId = pair[0];
      clientSecret = pair.length > 1 ? pair[1] : null;
    }
    String username;
    switch (grantType) {
      case "password" -> {
        requireClient(clientId, clientSecret);
        username = form.get("username");
        String expected = username == null ? null : userPasswords.get(username);
        String password = form.getOrDefault("password", "");
        // Salesforce appends the security token to the password; any suffix is accepted here
        if (expected == null || !password.startsWith(expected)) {
          return oauthError("invalid_grant", "authentication failure");
        }
      }
      case "client_credentials" -> {
        requireClient(clientId, clientSecret);
        username = DEFAULT_USERNAME;
      }
      case JWT_BEARER -> {
        Map<String, Object> claims = jwtClaims(form.get("assertion"));
        if (claims == null) {
          return oauthError("invalid_grant", "invalid assertion");
        }
        clientId = String.valueOf(claims.get("iss"));
        if (!clientSecrets.containsKey(clientId)) {
          return oauthError("invalid_client_id", "client identifier invalid");
        }
        username = String.valueOf(claims.get("sub"));
        if (!userPasswords.containsKey(username)) {
          return oauthError("invalid_grant", "user hasn't approved this consumer");
        }
        // camel-salesforce sends exp as a JSON string, other clients as a number
        Object exp = claims.get("exp");
        if (exp != null
            && exp.toString().matches("\\d+")
            && Long.parseLong(exp.toString()) < clock.instant().getEpochSecond()) {
          return oauthError("invalid_grant", "expired authorization code");
        }
      }
      default -> {
        return oauthError("unsupported_grant_type", "grant type not supported");
      }
    }
    Instant now = clock.instant();
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    String accessToken =
        ORG_ID.substring(0, 15)
            + "!"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    tokens.put(accessToken, new Token(username, clientId, now, now.plus(tokenTtl)));
    String issuedAt = String.valueOf(now.toEpochMilli());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", accessToken);
    body.put("instance_url", baseUrl());
    body.put("id", identityUrl());
    body.put("token_type", "Bearer");
    body.put("issued_at", issuedAt);
    body.put("signature", sign(clientSecrets.get(clientId), identityUrl() + issuedAt));
    if (grantType.equals("client_credentials")) {
      body.put("scope", "api");
    }
    return Response.ok(body);
  }

  private void requireClient(String clientId, String clientSecret) {
    if (clientId == null || !clientSecrets.containsKey(clientId)) {
      throw new SimulatorServer.HttpProblem(
          400,
          Map.of("error", "invalid_client_id", "error_description", "client identifier invalid"));
    }
    if (!clientSecrets.get(clientId).equals(clientSecret)) {
      throw new SimulatorServer.HttpProblem(
          400,
          Map.of("error", "invalid_client", "error_description", "invalid client credentials"));
    }
  }

  /** The claims of a well-formed JWT; the signature is not verified (see the docs). */
  private static Map<String, Object> jwtClaims(String assertion) {
    if (assertion == null) {
      return null;
    }
    String[] parts = assertion.split("\\.");
    if (parts.length != 3) {
      return null;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(parts[1]);
      Map<String, Object> claims = SimulatorServer.JSON.readValue(json, new TypeReference<>() {});
      return claims.get("iss") == null || claims.get("sub") == null ? null : claims;
    } catch (Exception e) {
      return null;
    }
  }

  private Response revoke(Request request) {
    Map<String, String> form = new LinkedHashMap<>(request.query());
    form.putAll(SimulatorServer.parseQuery(request.bodyText()));
    String token = form.get("token");
    if (token == null || tokens.remove(token) == null) {
      return Response.json(
          400, Map.of("error", "invalid_token", "error_description", "invalid token"));
    }
    return Response.json(200, null);
  }

  private boolean isValidToken(String token) {
    Token known = tokens.get(token);
    return known != null && known.expiresAt().isAfter(clock.instant());
  }

  private static Response oauthError(String error, String description) {
    return Response.json(400, Map.of("error", error, "error_description", description));
  }

  private static Response invalidSession() {
    return Response.json(
        401,
        List.of(
            Map.of("message", "Session expired or invalid", "errorCode", "INVALID_SESSION_ID")));
  }

  private static String sign(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- REST data API routing

  private void registerData() {
    dataRoute("GET", "", this::resources);
    dataRoute("GET", "/limits", this::limits);
    dataRoute("GET", "/sobjects", this::describeGlobal);
    dataRoute("GET", "/sobjects/{type}/describe", this::describe);
    dataRoute("POST", "/sobjects/{type}", this::create);
    dataRoute("GET", "/sobjects/{type}/{id}", this::read);
    dataRoute("PATCH", "/sobjects/{type}/{id}", this::update);
    dataRoute("DELETE", "/sobjects/{type}/{id}", this::delete);
    dataRoute("GET", "/sobjects/{type}/{field}/{value}", this::readByExternalId);
    dataRoute("PATCH", "/sobjects/{type}/{field}/{value}", this::upsert);
    dataRoute("DELETE", "/sobjects/{type}/{field}/{value}", this::deleteByExternalId);
    dataRoute("GET", "/query", call -> query(call, false));
    dataRoute("GET", "/queryAll", call -> query(call, true));
    dataRoute("GET", "/query/{locator}", this::queryMore);
    dataRoute("GET", "/queryAll/{locator}", this::queryMore);
    dataRoute("POST", "/composite", this::composite);
    dataRoute("POST", "/composite/sobjects", this::collectionCreate);
    dataRoute("PATCH", "/composite/sobjects", this::collectionUpdate);
    dataRoute("DELETE", "/composite/sobjects", this::collectionDelete);
    dataRoute("PATCH", "/composite/sobjects/{type}/{field}", this::collectionUpsert);
    List<String> shapes =
        List.of(
            "",
            "/limits",
            "/sobjects",
            "/sobjects/{a}",
            "/sobjects/{a}/{b}",
            "/sobjects/{a}/{b}/{c}",
            "/query",
            "/query/{a}",
            "/queryAll",
            "/queryAll/{a}",
            "/composite",
            "/composite/sobjects",
            "/composite/sobjects/{a}",
            "/composite/sobjects/{a}/{b}");
    for (String shape : shapes) {
      for (String method : List.of("GET", "POST", "PATCH", "DELETE", "PUT")) {
        server.route(method, "/services/data/{version}" + shape, this::serveData);
      }
    }
  }

  private void dataRoute(String method, String template, DataHandler handler) {
    List<String> names = new ArrayList<>();
    Matcher matcher = Pattern.compile("\\{([A-Za-z]+)}").matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (matcher.find()) {
      regex.append(Pattern.quote(template.substring(last, matcher.start()))).append("([^/]+)");
      names.add(matcher.group(1));
      last = matcher.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    dataRoutes.add(new DataRoute(method, Pattern.compile(regex.toString()), names, handler));
  }

  /** Entry point of every {@code /services/data/vNN.N/...} request: auth, budget, dispatch. */
  private Response serveData(Request request) {
    String version = request.pathParam("version");
    if (!VERSION.matcher(version).matches()) {
      return Response.json(404, SalesforceError.notFound().body());
    }
    String token = StreamingApi.bearer(request.header("Authorization"));
    if (token == null || !isValidToken(token)) {
      return invalidSession();
    }
    if (apiUsed.get() >= apiMax) {
      return withLimitInfo(
          Response.json(
              403,
              List.of(
                  Map.of(
                      "message",
                      "TotalRequests Limit exceeded.",
                      "errorCode",
                      "REQUEST_LIMIT_EXCEEDED"))));
    }
    apiUsed.incrementAndGet();
    String method = request.method();
    String override = request.query().get("_HttpMethod");
    if (method.equals("POST") && override != null) {
      method = override.toUpperCase(java.util.Locale.ROOT);
    }
    String subPath = request.path().substring(("/services/data/" + version).length());
    JsonNode body = request.body().length == 0 ? null : request.json();
    return withLimitInfo(dispatch(method, version, subPath, request.query(), request, body, null));
  }

  private Response dispatch(
      String method,
      String version,
      String subPath,
      Map<String, String> query,
      Request request,
      JsonNode body,
      RecordStore.Transaction sharedTx) {
    if (subPath.endsWith("/")) {
      subPath = subPath.substring(0, subPath.length() - 1);
    }
    boolean pathKnown = false;
    for (DataRoute route : dataRoutes) {
      Matcher matcher = route.pattern().matcher(subPath);
      if (!matcher.matches()) {
        continue;
      }
      pathKnown = true;
      if (!route.method().equals(method)) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < route.names().size(); i++) {
        params.put(
            route.names().get(i),
            java.net.URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
      }
      try {
        return route
            .handler()
            .handle(new DataCall(method, version, params, query, request, body, sharedTx));
      } catch (SalesforceError error) {
        return Response.json(error.status(), error.body());
      } catch (RecordStore.MultipleMatches multiple) {
        String type = params.get("type");
        return Response.json(
            300,
            multiple.recordIds().stream()
                .map(id -> "/services/data/" + version + "/sobjects/" + type + "/" + id)
                .toList());
      } catch (Soql.SyntaxError syntax) {
        return Response.json(
            400, List.of(Map.of("message", syntax.getMessage(), "errorCode", "MALFORMED_QUERY")));
      }
    }
    if (pathKnown) {
      return Response.json(
          405,
          List.of(
              Map.of(
                  "message",
                  "HTTP Method '" + method + "' not allowed. Allowed are GET,POST,PATCH,DELETE",
                  "errorCode",
                  "METHOD_NOT_ALLOWED")));
    }
    return Response.json(404, SalesforceError.notFound().body());
  }

  private Response withLimitInfo(Response response) {
    return response.withHeader("Sforce-Limit-Info", "api-usage=" + apiUsed.get() + "/" + apiMax);
  }

  /** Runs a write in the composite's shared transaction, or in its own committed one. */
  private <T> T write(DataCall call, java.util.function.Function<RecordStore.Transaction, T> work) {
    if (call.sharedTx() != null) {
      return work.apply(call.sharedTx());
    }
    try (RecordStore.Transaction tx = store.begin()) {
      T result = work.apply(tx);
      tx.commit();
      return result;
    }
  }

  private Map<String, Object> fields(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new SalesforceError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object");
    }
    return SimulatorServer.JSON.convertValue(
        body, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  private SObjectSchema.SObjectType type(String name) {
    SObjectSchema.SObjectType type = schema.type(name);
    if (type == null) {
      throw SalesforceError.unknownType(name);
    }
    return type;
  }

  // ---------------------------------------------------------------- sObject rows

  private Response resources(DataCall call) {
    Map<String, Object> resources = new LinkedHashMap<>();
    for (String name : List.of("limits", "sobjects", "query", "queryAll", "composite")) {
      resources.put(name, "/services/data/" + call.version() + "/" + name);
    }
    return Response.ok(resources);
  }

  private Response limits(DataCall call) {
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put(
        "DailyApiRequests",
        Map.of("Max", apiMax, "Remaining", Math.max(0, apiMax - apiUsed.get())));
    limits.put("DailyBulkApiBatches", Map.of("Max", 15000, "Remaining", 15000));
    limits.put("DailyStreamingApiEvents", Map.of("Max", 1_000_000, "Remaining", 1_000_000));
    limits.put("DataStorageMB", Map.of("Max", 1024, "Remaining", 1000));
    return Response.ok(limits);
  }

  private Response describeGlobal(DataCall call) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (SObjectSchema.SObjectType type : schema.types()) {
      objects.add(describeBasics(type, call.version()));
    }
    return Response.ok(Map.of("encoding", "UTF-8", "maxBatchSize", 200, "sobjects", objects));
  }

  private Map<String, Object> describeBasics(SObjectSchema.SObjectType type, String version) {
    Map<String, Object> basics = new LinkedHashMap<>();
    basics.put("name", type.name());
    basics.put("label", type.name());
    basics.put("keyPrefix", type.keyPrefix());
    basics.put("custom", type.name().endsWith("__c"));
    basics.put("createable", true);
    basics.put("updateable", true);
    basics.put("deletable", true);
    basics.put("queryable", true);
    basics.put("urls", Map.of("sobject", "/services/data/" + version + "/sobjects/" + type.name()));
    return basics;
  }

  private Response describe(DataCall call) {
    SObjectSchema.SObjectType type = type(call.params().get("type"));
    Map<String, Object> describe = describeBasics(type, call.version());
    List<Map<String, Object>> fields = new ArrayList<>();
    for (SObjectSchema.Field field : type.fields()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", field.name());
      f.put("type", describeType(field.type()));
      f.put("nillable", !field.required());
      f.put("externalId", field.externalId());
      f.put("unique", field.unique());
      f.put("createable", !field.readOnly());
      f.put("updateable", !field.readOnly());
      f.put("defaultedOnCreate", field.defaultValue() != null);
      f.put("restrictedPicklist", field.type() == SObjectSchema.FieldType.PICKLIST);
      f.put(
          "picklistValues",
          field.picklistValues().stream()
              .map(
                  v ->
                      Map.of(
                          "value",
                          v,
                          "label",
                          v,
                          "active",
                          true,
                          "defaultValue",
                          v.equals(field.defaultValue())))
              .toList());
      fields.add(f);
    }
    describe.put("fields", fields);
    return Response.ok(describe);
  }

  private static String describeType(SObjectSchema.FieldType type) {
    return switch (type) {
      case ID -> "id";
      case REFERENCE -> "reference";
      case STRING -> "string";
      case NUMBER -> "double";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case DATETIME -> "datetime";
      case PICKLIST -> "picklist";
    };
  }

  private Response create(DataCall call) {
    String typeName = type(call.params().get("type")).name();
    Map<String, Object> values = fields(call.body());
    String id = write(call, tx -> tx.create(typeName, values));
    return Response.json(201, saveResult(id, null))
        .withHeader(
            "Location", "/services/data/" + call.version() + "/sobjects/" + typeName + "/" + id);
  }

  private Response read(DataCall call) {
    SObjectSchema.SObjectType type = type(call.params().get("type"));
    Map<String, Object> record;
    try (RecordStore.Transaction tx = call.sharedTx() != null ? null : store.begin()) {
      record =
          (call.sharedTx() != null ? call.sharedTx() : tx)
              .read(type.name(), call.params().get("id"));
    }
    return Response.ok(select(type, record, call.query().get("fields")));
  }

  private Map<String, Object> select(
      SObjectSchema.SObjectType type, Map<String, Object> record, String fields) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("attributes", record.get("attributes"));
    if (fields == null || fields.isBlank()) {
      record.forEach(
          (key, value) -> {
            if (!key.equals("attributes")) {
              view.put(key, value);
            }
          });
      return view;
    }
    for (String name : fields.split(",")) {
      SObjectSchema.Field field = type.field(name.trim());
      if (field == null) {
        throw new SalesforceError(
            400,
            "INVALID_FIELD",
            "No such column '" + name.trim() + "' on entity '" + type.name() + "'.");
      }
      view.put(field.name(), record.get(field.name()));
    }
    return view;
  }

  private Response update(DataCall call) {
    String typeName = type(call.params().get("type")).name();
    Map<String, Object> values = fields(call.body());
    write(
        call,
        tx -> {
          tx.update(typeName, call.params().get("id"), values);
          return null;
        });
    return Response.noContent();
  }

  private Response delete(DataCall call) {
    String typeName = type(call.params().get("type")).name();
    write(
        call,
        tx -> {
          tx.read(typeName, call.params().get("id"));
          tx.delete(call.params().get("id"));
          return null;
        });
    return Response.noContent();
  }

  private String singleByExternalId(DataCall call) {
    SObjectSchema.SObjectType type = type(call.params().get("type"));
    SObjectSchema.Field field = type.field(call.params().get("field"));
    if (field == null || !(field.externalId() || field.type() == SObjectSchema.FieldType.ID)) {
      throw new SalesforceError(
          404,
          "NOT_FOUND",
          "Provided external ID field does not exist or is not accessible: "
              + call.params().get("field"));
    }
    List<Map<String, Object>> matches =
        store.findBy(type.name(), field.name(), call.params().get("value"));
    if (matches.isEmpty()) {
      throw SalesforceError.notFound();
    }
    if (matches.size() > 1) {
      throw new RecordStore.MultipleMatches(
          matches.stream().map(r -> r.get("Id").toString()).toList());
    }
    return matches.get(0).get("Id").toString();
  }

  private Response readByExternalId(DataCall call) {
    SObjectSchema.SObjectType type = type(call.params().get("type"));
    String id = singleByExternalId(call);
    return Response.ok(select(type, store.find(id), call.query().get("fields")));
  }

  private Response deleteByExternalId(DataCall call) {
    String id = singleByExternalId(call);
    write(
        call,
        tx -> {
          tx.delete(id);
          return null;
        });
    return Response.noContent();
  }

  private Response upsert(DataCall call) {
    String typeName = type(call.params().get("type")).name();
    Map<String, Object> values = fields(call.body());
    RecordStore.UpsertResult result =
        write(
            call,
            tx ->
                tx.upsert(
                    typeName, call.params().get("field"), call.params().get("value"), values));
    if (result.created()) {
      return Response.json(201, saveResult(result.id(), true))
          .withHeader(
              "Location",
              "/services/data/" + call.version() + "/sobjects/" + typeName + "/" + result.id());
    }
    // since API 46.0 an update by upsert answers 200 with a body; earlier versions answer 204
    double version = Double.parseDouble(call.version().substring(1));
    return version >= 46.0 ? Response.ok(saveResult(result.id(), false)) : Response.noContent();
  }

  private static Map<String, Object> saveResult(String id, Boolean created) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", id);
    result.put("success", true);
    result.put("errors", List.of());
    if (created != null) {
      result.put("created", created);
    }
    return result;
  }

  // ---------------------------------------------------------------- SOQL

  private Response query(DataCall call, boolean includeDeleted) {
    String q = call.query().get("q");
    if (q == null || q.isBlank()) {
      throw new SalesforceError(400, "MALFORMED_QUERY", "A query string has to be specified");
    }
    Soql.Query parsed = Soql.parse(q, clock);
    List<Map<String, Object>> rows = soql.execute(parsed, includeDeleted);
    if (parsed.count()) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("totalSize", rows.size());
      result.put("done", true);
      result.put("records", List.of());
      return Response.ok(result);
    }
    int batchSize =
        batchSize(call.request() == null ? null : call.request().header("Sforce-Query-Options"));
    String locator = null;
    if (rows.size() > batchSize) {
      locator = String.format("01g%012dAAA", cursorIds.incrementAndGet());
      cursors.put(locator, new Cursor(rows, batchSize));
    }
    return Response.ok(page(call.version(), locator, rows, 0, batchSize));
  }

  private Response queryMore(DataCall call) {
    String token = call.params().get("locator");
    int dash = token.lastIndexOf('-');
    Cursor cursor = dash < 0 ? null : cursors.get(token.substring(0, dash));
    if (cursor == null) {
      throw new SalesforceError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    int from;
    try {
      from = Integer.parseInt(token.substring(dash + 1));
    } catch (NumberFormatException e) {
      throw new SalesforceError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    return Response.ok(
        page(call.version(), token.substring(0, dash), cursor.rows(), from, cursor.batchSize()));
  }

  private static Map<String, Object> page(
      String version, String locator, List<Map<String, Object>> rows, int from, int batchSize) {
    int to = Math.min(rows.size(), from + batchSize);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("totalSize", rows.size());
    result.put("done", to >= rows.size());
    if (to < rows.size()) {
      result.put("nextRecordsUrl", "/services/data/" + version + "/query/" + locator + "-" + to);
    }
    result.put("records", rows.subList(Math.min(from, rows.size()), to));
    return result;
  }

  /** {@code Sforce-Query-Options: batchSize=n}, clamped to Salesforce's 200..2000. */
  static int batchSize(String options) {
    if (options != null) {
      Matcher matcher = Pattern.compile("batchSize\\s*=\\s*(\\d+)").matcher(options);
      if (matcher.find()) {
        return Math.max(200, Math.min(2000, Integer.parseInt(matcher.group(1))));
      }
    }
    return DEFAULT_QUERY_BATCH;
  }

  // ---------------------------------------------------------------- Composite

  private Response composite(DataCall call) {
    JsonNode body = call.body();
    JsonNode requests = body == null ? null : body.get("compositeRequest");
    if (requests == null || !requests.isArray() || requests.isEmpty()) {
      throw new SalesforceError(
          400, "JSON_PARSER_ERROR", "compositeRequest must be a non-empty array");
    }
    if (requests.size() > COMPOSITE_LIMIT) {
      throw new SalesforceError(
          400,
          "LIMIT_EXCEEDED",
          "Composite API supports at most "
              + COMPOSITE_LIMIT
              + " subrequests; received "
              + requests.size());
    }
    boolean allOrNone = body.path("allOrNone").asBoolean(false);
    Map<String, JsonNode> resultsByRef = new LinkedHashMap<>();
    List<Map<String, Object>> responses = new ArrayList<>();
    RecordStore.Transaction tx =
        allOrNone ? (call.sharedTx() != null ? call.sharedTx() : store.begin()) : null;
    boolean failed = false;
    try {
      for (JsonNode sub : requests) {
        String referenceId = sub.path("referenceId").asText();
        if (failed && allOrNone) {
          responses.add(subResponse(referenceId, 400, processingHalted(), Map.of()));
          continue;
        }
        Response response;
        try {
          String url = resolveReferences(sub.path("url").asText(), resultsByRef);
          JsonNode subBody =
              sub.hasNonNull("body")
                  ? SimulatorServer.JSON.readTree(
                      resolveReferences(sub.get("body").toString(), resultsByRef))
                  : null;
          response = dispatchSubrequest(sub.path("method").asText("GET"), url, subBody, call, tx);
        } catch (UnresolvedReference unresolved) {
          response =
              Response.json(
                  400,
                  List.of(
                      Map.of(
                          "errorCode", "PROCESSING_HALTED", "message", unresolved.getMessage())));
        } catch (java.io.IOException e) {
          response =
              Response.json(
                  400,
                  List.of(Map.of("errorCode", "JSON_PARSER_ERROR", "message", e.getMessage())));
        }
        if (response.status() >= 400) {
          failed = true;
        } else {
          resultsByRef.put(referenceId, SimulatorServer.JSON.valueToTree(response.body()));
        }
        responses.add(
            subResponse(referenceId, response.status(), response.body(), response.headers()));
      }
      if (allOrNone && failed) {
        if (call.sharedTx() == null) {
          tx.rollback();
        }
        for (int i = 0; i < responses.size(); i++) {
          Map<String, Object> response = responses.get(i);
          if (((Integer) response.get("httpStatusCode")) < 400) {
            responses.set(
                i, subResponse((String) response.get("referenceId"), 400, rolledBack(), Map.of()));
          }
        }
      } else if (allOrNone && call.sharedTx() == null) {
        tx.commit();
      }
    } finally {
      if (tx != null && call.sharedTx() == null) {
        tx.rollback(); // no-op after commit
      }
    }
    return Response.ok(Map.of("compositeResponse", responses));
  }

  private Response dispatchSubrequest(
      String method, String url, JsonNode body, DataCall parent, RecordStore.Transaction tx) {
    String path = url;
    String rawQuery = null;
    int question = url.indexOf('?');
    if (question >= 0) {
      path = url.substring(0, question);
      rawQuery = url.substring(question + 1);
    }
    Matcher matcher = Pattern.compile("/services/data/(v\\d+\\.\\d)(/.*)").matcher(path);
    if (!matcher.matches()) {
      return Response.json(404, SalesforceError.notFound().body());
    }
    if (matcher.group(2).startsWith("/composite")) {
      return Response.json(
          400,
          List.of(
              Map.of(
                  "errorCode",
                  "INVALID_API_INPUT",
                  "message",
                  "Composite subrequests cannot be composite calls")));
    }
    return dispatch(
        method.toUpperCase(java.util.Locale.ROOT),
        matcher.group(1),
        matcher.group(2),
        SimulatorServer.parseQuery(rawQuery),
        parent.request(),
        body,
        tx);
  }

  private static final class UnresolvedReference extends RuntimeException {
    UnresolvedReference(String message) {
      super(message);
    }
  }

  /** Replaces {@code @{refId.path}} with values from earlier subrequest results. */
  private static String resolveReferences(String text, Map<String, JsonNode> results) {
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      JsonNode node = results.get(matcher.group(1));
      if (node != null) {
        for (String segment : matcher.group(2).split("\\.")) {
          Matcher indexed = Pattern.compile("([^\\[]*)((\\[\\d+])*)").matcher(segment);
          indexed.matches();
          if (!indexed.group(1).isEmpty()) {
            node = node.path(indexed.group(1));
          }
          Matcher index = Pattern.compile("\\[(\\d+)]").matcher(indexed.group(2));
          while (index.find()) {
            node = node.path(Integer.parseInt(index.group(1)));
          }
        }
      }
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw new UnresolvedReference(
            "Invalid reference specified. No value for "
                + matcher.group(1)
                + "."
                + matcher.group(2)
                + " found in "
                + matcher.group(1)
                + ".");
      }
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(node.asText()));
    }
    matcher.appendTail(resolved);
    return resolved.toString();
  }

  private static Map<String, Object> subResponse(
      String referenceId, int status, Object body, Map<String, String> headers) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("body", body);
    response.put("httpHeaders", headers);
    response.put("httpStatusCode", status);
    response.put("referenceId", referenceId);
    return response;
  }

  private static List<Map<String, Object>> processingHalted() {
    return List.of(
        Map.of(
            "errorCode", "PROCESSING_HALTED",
            "message",
                "The transaction was rolled back since another operation in the same transaction failed."));
  }

  private static List<Map<String, Object>> rolledBack() {
    return processingHalted();
  }

  // ---------------------------------------------------------------- sObject Collections

  private List<JsonNode> collectionRecords(DataCall call) {
    JsonNode records = call.body() == null ? null : call.body().get("records");
    if (records == null || !records.isArray()) {
      throw new SalesforceError(400, "JSON_PARSER_ERROR", "records must be an array");
    }
    if (records.size() > COLLECTION_LIMIT) {
      throw new SalesforceError(
          400,
          "EXCEEDED_ID_LIMIT",
          "record limit reached. cannot submit more than "
              + COLLECTION_LIMIT
              + " records into this call");
    }
    List<JsonNode> list = new ArrayList<>();
    records.forEach(list::add);
    return list;
  }

  /**
   * Applies one operation per record. With allOrNone every record shares one transaction and any
   * failure rolls all back; otherwise each record commits on its own.
   */
  private Response collection(
      DataCall call,
      List<JsonNode> records,
      boolean allOrNone,
      BiFunction<RecordStore.Transaction, JsonNode, Map<String, Object>> operation) {
    List<Map<String, Object>> results = new ArrayList<>();
    if (allOrNone) {
      boolean shared = call.sharedTx() != null;
      RecordStore.Transaction tx = shared ? call.sharedTx() : store.begin();
      int failedAt = -1;
      try {
        for (int i = 0; i < records.size(); i++) {
          try {
            results.add(operation.apply(tx, records.get(i)));
          } catch (SalesforceError error) {
            results.add(failure(error.asCollectionError()));
            failedAt = i;
            break;
          } catch (RecordStore.MultipleMatches multiple) {
            results.add(failure(duplicateExternalId(multiple)));
            failedAt = i;
            break;
          }
        }
        if (failedAt < 0) {
          if (!shared) {
            tx.commit();
          }
          return Response.ok(results);
        }
      } finally {
        if (!shared) {
          tx.rollback();
        }
      }
      if (shared) {
        throw new SalesforceError(400, "ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back");
      }
      List<Map<String, Object>> rolledBack = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        rolledBack.add(
            i == failedAt
                ? results.get(failedAt)
                : failure(
                    Map.of(
                        "statusCode", "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                        "message",
                            "Record rolled back because not all records were valid and the request was using AllOrNone header",
                        "fields", List.of())));
      }
      return Response.ok(rolledBack);
    }
    for (JsonNode record : records) {
      try {
        results.add(write(call, tx -> operation.apply(tx, record)));
      } catch (SalesforceError error) {
        results.add(failure(error.asCollectionError()));
      } catch (RecordStore.MultipleMatches multiple) {
        results.add(failure(duplicateExternalId(multiple)));
      }
    }
    return Response.ok(results);
  }

  private static Map<String, Object> duplicateExternalId(RecordStore.MultipleMatches multiple) {
    return Map.of(
        "statusCode",
        "DUPLICATE_EXTERNAL_ID",
        "message",
        "More than one record found for external id field: " + multiple.recordIds(),
        "fields",
        List.of());
  }

  private static Map<String, Object> failure(Map<String, Object> error) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", null);
    result.put("success", false);
    result.put("errors", List.of(error));
    return result;
  }

  private String recordType(JsonNode record) {
    String typeName = record.path("attributes").path("type").asText(null);
    if (typeName == null) {
      throw new SalesforceError(400, "INVALID_TYPE", "Must send a concrete entity type.");
    }
    return type(typeName).name();
  }

  private Map<String, Object> withoutAttributes(JsonNode record) {
    Map<String, Object> values = fields(record);
    values.remove("attributes");
    return values;
  }

  private Response collectionCreate(DataCall call) {
    List<JsonNode> records = collectionRecords(call);
    return collection(
        call,
        records,
        call.body().path("allOrNone").asBoolean(false),
        (tx, record) -> {
          if (record.hasNonNull("id") || record.hasNonNull("Id")) {
            throw new SalesforceError(400, "INVALID_FIELD", "cannot specify Id in an insert call");
          }
          return saveResult(tx.create(recordType(record), withoutAttributes(record)), null);
        });
  }

  private Response collectionUpdate(DataCall call) {
    List<JsonNode> records = collectionRecords(call);
    return collection(
        call,
        records,
        call.body().path("allOrNone").asBoolean(false),
        (tx, record) -> {
          String id =
              record.hasNonNull("id") ? record.get("id").asText() : record.path("Id").asText(null);
          if (id == null) {
            throw new SalesforceError(
                400, "MISSING_ARGUMENT", "Id not specified in an update call");
          }
          Map<String, Object> values = withoutAttributes(record);
          values.remove("id");
          values.remove("Id");
          tx.update(recordType(record), id, values);
          return saveResult(RecordStore.normalizeId(id), null);
        });
  }

  private Response collectionDelete(DataCall call) {
    String ids = call.query().getOrDefault("ids", "");
    List<JsonNode> records = new ArrayList<>();
    for (String id : ids.split(",")) {
      if (!id.isBlank()) {
        records.add(SimulatorServer.JSON.getNodeFactory().textNode(id.trim()));
      }
    }
    if (records.size() > COLLECTION_LIMIT) {
      throw new SalesforceError(
          400,
          "EXCEEDED_ID_LIMIT",
          "record limit reached. cannot submit more than 200 records into this call");
    }
    return collection(
        call,
        records,
        Boolean.parseBoolean(call.query().getOrDefault("allOrNone", "false")),
        (tx, id) -> {
          tx.delete(id.asText());
          return saveResult(RecordStore.normalizeId(id.asText()), null);
        });
  }

  private Response collectionUpsert(DataCall call) {
    String typeName = type(call.params().get("type")).name();
    String field = call.params().get("field");
    List<JsonNode> records = collectionRecords(call);
    return collection(
        call,
        records,
        call.body().path("allOrNone").asBoolean(false),
        (tx, record) -> {
          if (!record.hasNonNull("attributes") || !typeName.equals(recordType(record))) {
            throw new SalesforceError(400, "INVALID_TYPE", "Record type must be " + typeName);
          }
          Map<String, Object> values = withoutAttributes(record);
          Object key = null;
          for (String name : List.copyOf(values.keySet())) {
            if (name.equalsIgnoreCase(field)) {
              key = values.remove(name);
            }
          }
          if (key == null) {
            throw new SalesforceError(
                400, "MISSING_ARGUMENT", field + " not specified", List.of(field));
          }
          RecordStore.UpsertResult result = tx.upsert(typeName, field, key.toString(), values);
          return saveResult(result.id(), result.created());
        });
  }

  // ---------------------------------------------------------------- admin and state

  private void registerAdmin() {
    server.route(
        "POST",
        "/__admin/salesforce/tokens/expire",
        request -> {
          expireAllTokens();
          return Response.noContent();
        });
    server.route(
        "PUT",
        "/__admin/salesforce/limits",
        request -> {
          JsonNode body = request.json();
          long max = body.path("max").asLong(apiMax);
          long remaining = body.path("remaining").asLong(Math.max(0, max - apiUsed.get()));
          apiBudget(max, remaining);
          return Response.ok(
              Map.of("max", apiMax, "remaining", Math.max(0, apiMax - apiUsed.get())));
        });
    server.route(
        "PUT",
        "/__admin/salesforce/token-ttl",
        request -> {
          tokenTtl(Duration.ofSeconds(request.json().path("seconds").asLong()));
          return Response.ok(Map.of("seconds", tokenTtl.toSeconds()));
        });
    server.route(
        "GET",
        "/__admin/salesforce/records/{type}",
        request -> Response.ok(records(type(request.pathParam("type")).name())));
    server.route("GET", "/__admin/salesforce/events", request -> Response.ok(bus.retained()));
  }

  private Object state() {
    Instant now = clock.instant();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("orgId", ORG_ID);
    state.put("baseUrl", baseUrl());
    state.put(
        "tokens",
        Map.of(
            "active", tokens.values().stream().filter(t -> t.expiresAt().isAfter(now)).count(),
            "expired", tokens.values().stream().filter(t -> !t.expiresAt().isAfter(now)).count(),
            "ttlSeconds", tokenTtl.toSeconds()));
    state.put(
        "limits",
        Map.of(
            "DailyApiRequests",
            Map.of("Max", apiMax, "Remaining", Math.max(0, apiMax - apiUsed.get()))));
    state.put("apiCalls", apiUsed.get());
    state.put("recordCounts", store.counts());
    state.put("streaming", streaming.describe());
    Map<String, Object> records = new LinkedHashMap<>();
    for (SObjectSchema.SObjectType type : schema.types()) {
      records.put(type.name(), store.records(type.name(), true));
    }
    state.put("records", records);
    return state;
  }

  // ---------------------------------------------------------------- seed

  private void seed(RetailSeed seed) {
    try (RecordStore.Transaction tx = store.begin()) {
      Map<String, String> productIds = new LinkedHashMap<>();
      List<RetailSeed.Sku> skus = seed.skus();
      for (int i = 0; i < skus.size(); i++) {
        RetailSeed.Sku sku = skus.get(i);
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("Name", sku.name());
        product.put("ProductCode", sku.sku());
        product.put("StockKeepingUnit", sku.sku());
        product.put("QuantityUnitOfMeasure", sku.unit());
        product.put("IsActive", true);
        String id = RetailSeed.salesforceId("01t", i + 1);
        tx.createWithId("Product2", id, product, RetailSeed.EPOCH.minus(Duration.ofDays(60)));
        productIds.put(sku.sku(), id);
      }
      List<RetailSeed.Customer> customers = seed.customers();
      for (int i = 0; i < customers.size(); i++) {
        RetailSeed.Customer customer = customers.get(i);
        // only every other customer carries the golden ID, so the hub's matching has work to do
        String golden = i % 2 == 0 ? customer.goldenId() : null;
        Instant created = RetailSeed.EPOCH.minus(Duration.ofDays(30)).plus(Duration.ofMinutes(i));
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("Name", customer.firstName() + " " + customer.lastName());
        account.put("Type", "Customer");
        account.put("Phone", customer.phone());
        account.put("BillingStreet", customer.street());
        account.put("BillingCity", customer.city());
        account.put("BillingPostalCode", customer.postalCode());
        account.put("BillingCountry", customer.country());
        account.put("Golden_Customer_Id__c", golden);
        tx.createWithId("Account", customer.salesforceAccountId(), account, created);
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("FirstName", customer.firstName());
        contact.put("LastName", customer.lastName());
        contact.put("Email", customer.email());
        contact.put("Phone", customer.phone());
        contact.put("AccountId", customer.salesforceAccountId());
        contact.put("MailingStreet", customer.street());
        contact.put("MailingCity", customer.city());
        contact.put("MailingPostalCode", customer.postalCode());
        contact.put("MailingCountry", customer.country());
        contact.put("Golden_Customer_Id__c", golden);
        contact.put("Loyalty_Id__c", customer.loyaltyId());
        contact.put("HasOptedOutOfEmail", !customer.marketingConsent());
        tx.createWithId("Contact", customer.salesforceContactId(), contact, created);
      }
      List<RetailSeed.HistoricalOrder> orders = seed.orders();
      for (int i = 0; i < orders.size(); i++) {
        RetailSeed.HistoricalOrder historical = orders.get(i);
        RetailSeed.Customer customer = customers.get(historical.customerIndex());
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("AccountId", customer.salesforceAccountId());
        order.put("BillToContactId", customer.salesforceContactId());
        order.put("EffectiveDate", historical.createdAt().toString().substring(0, 10));
        order.put("Status", historical.deliveryId() != null ? "Delivered" : "Confirmed");
        order.put("Hub_Order_Id__c", historical.hubOrderId());
        order.put("ERP_Order_Number__c", historical.erpSalesOrder());
        order.put("Tracking_Number__c", historical.trackingNumber());
        order.put("Fulfilment_Type__c", "SHIP_FROM_WAREHOUSE");
        order.put("CurrencyIsoCode", RetailSeed.CURRENCY);
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (RetailSeed.OrderLine line : historical.lines()) {
          total =
              total.add(line.unitPrice().multiply(java.math.BigDecimal.valueOf(line.quantity())));
        }
        order.put("TotalAmount", total);
        String orderId = RetailSeed.salesforceId("801", i + 1);
        tx.createWithId("Order", orderId, order, historical.createdAt());
        for (int l = 0; l < historical.lines().size(); l++) {
          RetailSeed.OrderLine line = historical.lines().get(l);
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("OrderId", orderId);
          item.put("Product2Id", productIds.get(line.sku()));
          item.put("Quantity", line.quantity());
          item.put("UnitPrice", line.unitPrice());
          tx.createWithId(
              "OrderItem",
              RetailSeed.salesforceId("802", (i + 1) * 10L + l),
              item,
              historical.createdAt());
        }
      }
      tx.commit();
    }
  }
}
