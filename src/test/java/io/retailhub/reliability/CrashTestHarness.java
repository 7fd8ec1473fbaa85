package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailhub.sandbox.stack.PostgresServer;
import io.retailhub.sandbox.stack.SandboxStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the hub-crash integration tests share: a fresh sandbox stack on free ports, the packaged hub
 * ({@code target/quarkus-app/quarkus-run.jar}) as a child process pointed at it that can be killed
 * with SIGKILL and started again on the same ports, and reads of the hub's PostgreSQL database.
 * Each hub start logs to {@code hub-<n>.log} beside the stack's data.
 */
final class CrashTestHarness implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 128 + SIGKILL: the process had no chance to finish in-flight work or commit offsets. */
  private static final int SIGKILL_EXIT_STATUS = 137;

  private final SandboxStack stack;
  private final Path logDir;
  private final int httpPort;
  private final int managementPort;
  private final List<String> hubProperties;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process hub;
  private int hubStarts;

  private CrashTestHarness(
      SandboxStack stack,
      Path logDir,
      int httpPort,
      int managementPort,
      List<String> hubProperties) {
    this.stack = stack;
    this.logDir = logDir;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.hubProperties = List.copyOf(hubProperties);
  }

  /**
   * Starts a sandbox stack under {@code target/sandbox-crash/<name>-<pid>}; the hub is not started
   * yet. {@code hubProperties} are extra {@code -Dkey=value} settings for every hub start.
   */
  static CrashTestHarness start(String name, String... hubProperties) throws IOException {
    Path dataDir = Path.of("target", "sandbox-crash", name + "-" + ProcessHandle.current().pid());
    Path logDir = Files.createDirectories(dataDir);
    Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "retailhub-postgres-binaries");
    int httpPort = freePort();
    int managementPort = freePort();
    SandboxStack stack =
        new SandboxStack(
                new SandboxStack.Settings(dataDir, binaries, 0, 0, 0, 0, 0, 0, httpPort),
                "crash-" + System.nanoTime())
            .start();
    return new CrashTestHarness(stack, logDir, httpPort, managementPort, List.of(hubProperties));
  }

  SandboxStack stack() {
    return stack;
  }

  int hubStarts() {
    return hubStarts;
  }

  String hubBaseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  // ------------------------------------------------------------------ hub process

  /** Starts the packaged hub and waits until its readiness check says UP. */
  void startHub() throws IOException {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    assertThat(jar).as("run `./mvnw package` first").exists();
    assertThat(hub == null || !hub.isAlive()).as("only one hub at a time").isTrue();
    hubStarts++;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + httpPort);
    command.add("-Dquarkus.management.port=" + managementPort);
    command.add("-Dquarkus.log.console.json.enabled=false");
    hubProperties.forEach(property -> command.add("-D" + property));
    command.add("-jar");
    command.add(jar.toString());
    Path log = logDir.resolve("hub-" + hubStarts + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(Path.of("").toAbsolutePath().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // secrets travel in the environment, as in SandboxLauncher, never on the command line
    stack
        .hubConfig()
        .forEach((key, value) -> builder.environment().put(environmentName(key), value));
    builder.environment().put("HUB_MANAGEMENT_HOST", "127.0.0.1");
    System.out.printf("crash-test: starting hub #%d, log %s%n", hubStarts, log);
    hub = builder.start();
    awaitReady();
  }

  private void awaitReady() {
    Process starting = hub;
    // 5-10 s on a quiet machine; minutes when the build machine is saturated
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(starting.isAlive()).as("hub process alive").isTrue();
              HttpResponse<String> ready =
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              // the answer names the checks that are DOWN when the hub does not get ready
              assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
              assertThat(JSON.readTree(ready.body()).path("status").asText())
                  .as(ready.body())
                  .isEqualTo("UP");
            });
  }

  /** Kills the hub with SIGKILL and returns its pid once it is gone. */
  long killHub() throws InterruptedException {
    long pid = hub.pid();
    hub.destroyForcibly();
    assertThat(hub.waitFor(30, TimeUnit.SECONDS)).as("hub died").isTrue();
    assertThat(hub.exitValue()).as("exit status of hub pid %d", pid).isEqualTo(SIGKILL_EXIT_STATUS);
    return pid;
  }

  /** Stops a running hub the polite way (SIGTERM), forcibly if it does not stop in 30 s. */
  void stopHub() throws InterruptedException {
    if (hub != null && hub.isAlive()) {
      hub.destroy();
      if (!hub.waitFor(30, TimeUnit.SECONDS)) {
        hub.destroyForcibly();
      }
    }
  }

  @Override
  public void close() {
    try {
      stopHub();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stack.close();
    }
  }

  static String environmentName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ the hub's database

  Connection database() throws SQLException {
    return DriverManager.getConnection(stack.postgres().jdbcUrl(), PostgresServer.USER, "");
  }

  /** The single number a query answers (a count, a sum), with {@code ?} bound to {@code args}. */
  long count(String sql, Object... args) throws SQLException {
    try (Connection connection = database();
        PreparedStatement query = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        query.setObject(i + 1, args[i]);
      }
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** Runs an INSERT, UPDATE or DELETE with {@code ?} bound to {@code args}. */
  int execute(String sql, Object... args) throws SQLException {
    try (Connection connection = database();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      return statement.executeUpdate();
    }
  }
}
