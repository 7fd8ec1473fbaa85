package io.retailhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.stack.SandboxStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A benchmark's system under test: a fresh sandbox stack on free ports plus the packaged hub
 * ({@code target/quarkus-app/quarkus-run.jar}, prod profile) as a child process pointed at it, the
 * way {@code SandboxLauncher} runs it. The hub's log goes to {@code target/bench/<name>-hub.log} so
 * it never competes with the benchmark's own output.
 */
final class BenchHub implements AutoCloseable {

  private final SandboxStack stack;
  private final int httpPort;
  private final int managementPort;
  private Process hub;

  private BenchHub(SandboxStack stack, int httpPort, int managementPort) {
    this.stack = stack;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
  }

  static BenchHub start(String name) throws Exception {
    Path projectDir = Path.of(System.getProperty("hub.project.dir", ".")).toAbsolutePath();
    Path hubJar = projectDir.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(hubJar)) {
      throw new IllegalStateException("package the hub first (bench/run.sh does): " + hubJar);
    }
    Path benchDir = projectDir.resolve("target/bench");
    Path dataDir = benchDir.resolve(name + "-" + ProcessHandle.current().pid());
    Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "retailhub-postgres-binaries");
    int httpPort = freePort();
    int managementPort = freePort();
    SandboxStack stack =
        new SandboxStack(
                new SandboxStack.Settings(dataDir, binaries, 0, 0, 0, 0, 0, 0, httpPort),
                "bench-" + System.nanoTime())
            .start();
    BenchHub bench = new BenchHub(stack, httpPort, managementPort);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::close, "bench-shutdown"));
    try {
      bench.hub = startHub(projectDir, hubJar, bench, benchDir.resolve(name + "-hub.log"));
      bench.awaitReady(Duration.ofSeconds(120));
    } catch (IOException | RuntimeException e) {
      // the stack's broker threads would keep this JVM alive after main failed; the shutdown hook
      // stops the stack and the hub
      e.printStackTrace();
      System.exit(1);
    }
    return bench;
  }

  SandboxStack stack() {
    return stack;
  }

  String hubUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** The hub process, for tools that attach to its JVM (jcmd). */
  long hubPid() {
    return hub.pid();
  }

  String bearer(String scope) {
    return "Bearer " + stack.tokenIssuer().issue("bench", List.of(scope), Duration.ofMinutes(30));
  }

  /** An OAuth session of the bench's own in the Salesforce simulator, for baseline writes. */
  record SalesforceSession(String accessToken, String instanceUrl) {}

  /** Logs in to the Salesforce simulator with the hub's client credentials. */
  SalesforceSession salesforceLogin(HttpClient http) throws IOException, InterruptedException {
    Map<String, String> config = stack.hubConfig();
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(config.get("hub.salesforce.client-id"), StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(config.get("hub.salesforce.client-secret"), StandardCharsets.UTF_8);
    String baseUrl = stack.salesforce().baseUrl();
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode token = CanonicalJson.mapper().readTree(login.body());
    return new SalesforceSession(
        token.path("access_token").asText(), token.path("instance_url").asText(baseUrl));
  }

  private static Process startHub(Path projectDir, Path hubJar, BenchHub bench, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    // e.g. BENCH_HUB_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 to compare runtimes
    String javaHome =
        System.getenv().getOrDefault("BENCH_HUB_JAVA_HOME", System.getProperty("java.home"));
    command.add(Path.of(javaHome, "bin", "java").toString());
    // e.g. BENCH_HUB_JAVA_OPTS=-XX:StartFlightRecording=filename=target/bench/hub.jfr to profile
    String extraJavaOptions = System.getenv().getOrDefault("BENCH_HUB_JAVA_OPTS", "").strip();
    if (!extraJavaOptions.isEmpty()) {
      command.addAll(List.of(extraJavaOptions.split("\\s+")));
    }
    command.add("-jar");
    command.add(hubJar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(projectDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    // secrets travel in the environment, as SandboxLauncher passes them
    bench.stack.hubConfig().forEach((key, value) -> environment.put(environmentName(key), value));
    environment.put("QUARKUS_HTTP_PORT", String.valueOf(bench.httpPort));
    environment.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(bench.managementPort));
    environment.put("HUB_HTTP_HOST", "127.0.0.1");
    environment.put("HUB_MANAGEMENT_HOST", "127.0.0.1");
    System.out.println("bench: hub starting, log in " + log);
    return builder.start();
  }

  private void awaitReady(Duration limit) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!hub.isAlive()) {
        throw new IllegalStateException("hub exited with " + hub.exitValue() + "; see its log");
      }
      try {
        HttpResponse<Void> ready =
            http.send(
                HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          System.out.println("bench: hub ready on " + hubUrl());
          return;
        }
      } catch (IOException notYetListening) {
        // the hub is still starting
      }
      // polling a child process that has no readiness callback
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new IllegalStateException("hub not ready within " + limit);
  }

  @Override
  public synchronized void close() {
    if (hub != null && hub.isAlive()) {
      hub.destroy();
      try {
        if (!hub.waitFor(40, TimeUnit.SECONDS)) {
          hub.destroyForcibly();
        }
      } catch (InterruptedException e) {
        hub.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    stack.close();
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

  /** The machine's load when a measurement starts: the figures mean little without it. */
  /**
   * Reads a topic of the bench's Kafka from the beginning up to its end offsets at the call (or
   * until the limit passes), handing every record to {@code each}.
   */
  void readTopic(String topic, Duration limit, Consumer<ConsumerRecord<String, String>> each) {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.kafka().bootstrapServers());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + limit.toNanos();
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(500)).forEach(each);
      }
    }
  }

  static String machineLoad() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim()
          + " (nproc "
          + Runtime.getRuntime().availableProcessors()
          + ")";
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * CPU seconds (user + system) the hub process has used so far, from {@code /proc/<pid>/stat}
   * (clock ticks of 1/100 s). The difference over a phase is the hub's own work, which the load of
   * other processes on the machine changes far less than it changes latency.
   */
  double hubCpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/" + hub.pid() + "/stat"));
      // fields after the command name, which is in parentheses and may contain spaces
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
