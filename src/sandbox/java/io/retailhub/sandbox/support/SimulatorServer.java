package io.retailhub.sandbox.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP server shared by the platform simulators: path-template routing, JSON in and out, a
 * journal of every request (the inspection surface tests assert on) and the fault-injection admin
 * API. It binds 127.0.0.1 only.
 *
 * <p>Admin endpoints every simulator has:
 *
 * <ul>
 *   <li>{@code GET|PUT /__admin/faults} reads or changes the {@link FaultInjector};
 *   <li>{@code GET /__admin/requests?pathPrefix=&method=} lists journalled requests; {@code DELETE}
 *       clears them;
 *   <li>{@code GET /__admin/state} returns the simulator's own inspection view.
 * </ul>
 */
public class SimulatorServer implements AutoCloseable {

  public static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private static final int JOURNAL_LIMIT = 100_000;

  /** One inbound request as a handler sees it. */
  public record Request(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> pathParams,
      Map<String, List<String>> headers,
      byte[] body) {

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new HttpProblem(400, Map.of("error", "malformed JSON: " + e.getMessage()));
      }
    }

    public String pathParam(String name) {
      return pathParams.get(name);
    }
  }

  /** What a handler answers; {@code body} is serialized as JSON unless it is a String or byte[]. */
  public record Response(int status, Map<String, String> headers, Object body) {
    public static Response json(int status, Object body) {
      return new Response(status, new LinkedHashMap<>(), body);
    }

    public static Response ok(Object body) {
      return json(200, body);
    }

    public static Response noContent() {
      return json(204, null);
    }

    public Response withHeader(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Response(status, copy, body);
    }
  }

  /** Thrown by handlers to answer with a platform-shaped error body. */
  public static final class HttpProblem extends RuntimeException {
    private final int status;
    private final transient Object body;

    public HttpProblem(int status, Object body) {
      super("HTTP " + status);
      this.status = status;
      this.body = body;
    }

    public int status() {
      return status;
    }

    public Object body() {
      return body;
    }
  }

  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws Exception;
  }

  /** A journalled request: what tests assert on to see what the hub did. */
  public record JournalEntry(
      long seq,
      Instant at,
      String method,
      String path,
      String query,
      Map<String, String> headers,
      String body,
      int status) {}

  private record Route(String method, Pattern pattern, List<String> names, Handler handler) {}

  private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([A-Za-z0-9_]+)}");

  static {
    // The JDK server writes an answer's headers and body in two segments. With Nagle's algorithm
    // on, the body waits for the client's delayed ACK of the headers: 40 ms added to about one
    // answer in ten (docs/benchmarks.md, tenth run), which no real platform adds. Read once, when
    // the first server of this JVM starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final String name;
  private final List<Route> routes = new ArrayList<>();
  private final ConcurrentLinkedDeque<JournalEntry> journal = new ConcurrentLinkedDeque<>();
  private final AtomicLong journalSeq = new AtomicLong();
  private final FaultInjector faults = new FaultInjector();
  private final ExecutorService executor;
  private final HttpServer server;
  private volatile Supplier<Object> stateView = Map::of;
  private volatile Predicate<String> faultExempt = path -> false;

  public SimulatorServer(String name, int port) {
    this.name = name;
    try {
      this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    } catch (IOException e) {
      throw new IllegalStateException(name + " simulator cannot bind 127.0.0.1:" + port, e);
    }
    this.executor = Executors.newCachedThreadPool(daemonThreads(name));
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    route("GET", "/__admin/faults", request -> Response.ok(faults.describe()));
    route(
        "PUT",
        "/__admin/faults",
        request -> {
          faults.update(JSON.convertValue(request.json(), Map.class));
          return Response.ok(faults.describe());
        });
    route("GET", "/__admin/requests", this::listJournal);
    route(
        "DELETE",
        "/__admin/requests",
        request -> {
          journal.clear();
          return Response.noContent();
        });
    route("GET", "/__admin/state", request -> Response.ok(stateView.get()));
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicLong counter = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-sim-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  public SimulatorServer route(String method, String template, Handler handler) {
    List<String> names = new ArrayList<>();
    Matcher matcher = TEMPLATE_VARIABLE.matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (matcher.find()) {
      regex.append(Pattern.quote(template.substring(last, matcher.start())));
      regex.append("([^/]+)");
      names.add(matcher.group(1));
      last = matcher.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    synchronized (routes) {
      routes.add(new Route(method, Pattern.compile(regex + "/?"), names, handler));
    }
    return this;
  }

  /** The view served at {@code /__admin/state}. */
  public void stateView(Supplier<Object> view) {
    this.stateView = view;
  }

  /** Paths that faults never touch, such as a token endpoint a test wants to keep working. */
  public void faultExempt(Predicate<String> exempt) {
    this.faultExempt = exempt;
  }

  public FaultInjector faults() {
    return faults;
  }

  public List<JournalEntry> journal() {
    return List.copyOf(journal);
  }

  public SimulatorServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private Response listJournal(Request request) {
    String prefix = request.query().getOrDefault("pathPrefix", "");
    String method = request.query().get("method");
    return Response.ok(
        journal.stream()
            .filter(entry -> entry.path().startsWith(prefix))
            .filter(entry -> method == null || entry.method().equalsIgnoreCase(method))
            .filter(entry -> !entry.path().startsWith("/__admin"))
            .toList());
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String path = uri.getPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), values));
      Response response;
      try {
        response = serve(exchange.getRequestMethod(), path, uri.getRawQuery(), headers, body);
      } catch (HttpProblem problem) {
        response = Response.json(problem.status(), problem.body());
      } catch (RuntimeException e) {
        response = Response.json(500, Map.of("error", String.valueOf(e)));
      }
      if (!path.startsWith("/__admin")) {
        record(
            exchange.getRequestMethod(), path, uri.getRawQuery(), headers, body, response.status());
      }
      write(exchange, response);
    }
  }

  private Response serve(
      String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body)
      throws IOException {
    boolean faultable = !path.startsWith("/__admin") && !faultExempt.test(path);
    if (faultable) {
      FaultInjector.InjectedResponse injected = faults.before();
      if (injected != null) {
        Response response = Response.json(injected.status(), injected.body());
        for (Map.Entry<String, String> header : injected.headers().entrySet()) {
          response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
      }
    }
    List<Route> snapshot;
    synchronized (routes) {
      snapshot = List.copyOf(routes);
    }
    boolean pathKnown = false;
    for (Route route : snapshot) {
      Matcher matcher = route.pattern().matcher(path);
      if (!matcher.matches()) {
        continue;
      }
      pathKnown = true;
      if (!route.method().equalsIgnoreCase(method)) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < route.names().size(); i++) {
        params.put(route.names().get(i), decode(matcher.group(i + 1)));
      }
      try {
        Response response =
            route
                .handler()
                .handle(new Request(method, path, parseQuery(rawQuery), params, headers, body));
        if (faultable
            && method.equalsIgnoreCase("POST")
            && response.status() < 300
            && faults.loseCreateAnswer()) {
          return Response.json(
              504, Map.of("error", "simulated lost answer: the record was created"));
        }
        return response;
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return Response.json(
        pathKnown ? 405 : 404,
        Map.of(
            "error", (pathKnown ? "method not allowed: " : "not found: ") + method + " " + path));
  }

  private void record(
      String method,
      String path,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      int status) {
    Map<String, String> flatHeaders = new LinkedHashMap<>();
    headers.forEach((key, values) -> flatHeaders.put(key, String.join(",", values)));
    journal.add(
        new JournalEntry(
            journalSeq.incrementAndGet(),
            Instant.now(),
            method,
            path,
            rawQuery,
            flatHeaders,
            new String(body, StandardCharsets.UTF_8),
            status));
    while (journal.size() > JOURNAL_LIMIT) {
      journal.pollFirst();
    }
  }

  private static void write(HttpExchange exchange, Response response) throws IOException {
    response.headers().forEach((key, value) -> exchange.getResponseHeaders().add(key, value));
    byte[] bytes;
    Object body = response.body();
    if (body == null) {
      bytes = new byte[0];
    } else if (body instanceof byte[] raw) {
      bytes = raw;
    } else if (body instanceof String text) {
      bytes = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("text/plain"));
    } else {
      bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("application/json"));
    }
    if (response.status() == 204 || bytes.length == 0) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.putIfAbsent(key, value);
    }
    return query;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
