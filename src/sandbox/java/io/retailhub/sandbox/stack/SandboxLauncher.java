package io.retailhub.sandbox.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The README's run command: starts the sandbox stack on fixed local ports, then the packaged hub as
 * a child process pointed at it. Ctrl-C stops the hub gracefully, then the stack; nothing is left
 * running. State lives in {@code .sandbox-data/} and survives restarts; delete that folder to start
 * from the seed again.
 */
public final class SandboxLauncher {

  public static final int KAFKA_PORT = 9092;
  public static final int ARTEMIS_PORT = 61616;
  public static final int POSTGRES_PORT = 15432;
  public static final int ERP_PORT = 8092;
  public static final int SERVICEDESK_PORT = 8093;
  public static final int SALESFORCE_PORT = 8091;
  public static final int HUB_HTTP_PORT = 8080;

  private SandboxLauncher() {}

  public static void main(String[] args) throws Exception {
    Path projectDir = Path.of(System.getProperty("hub.project.dir", ".")).toAbsolutePath();
    Path dataDir = projectDir.resolve(".sandbox-data");
    Path hubJar = projectDir.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(hubJar)) {
      throw new IllegalStateException("build the hub first: " + hubJar + " is missing");
    }
    SandboxStack stack =
        new SandboxStack(
            new SandboxStack.Settings(
                dataDir,
                dataDir.resolve("postgres-binaries"),
                KAFKA_PORT,
                ARTEMIS_PORT,
                POSTGRES_PORT,
                ERP_PORT,
                SERVICEDESK_PORT,
                SALESFORCE_PORT,
                HUB_HTTP_PORT),
            SandboxSecrets.random());
    Process[] hub = new Process[1];
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopHub(hub[0]);
                  stack.close();
                  System.out.println("sandbox: stopped");
                },
                "sandbox-shutdown"));
    stack.start();
    hub[0] = startHub(projectDir, hubJar, stack.hubConfig());
    System.out.println(
        "sandbox: hub starting on http://127.0.0.1:8080 (health: http://127.0.0.1:9000/q/health/ready)");
    System.out.printf(
        "sandbox: get an API token with%n"
            + "  curl -s -X POST %s -d grant_type=client_credentials"
            + " --data-urlencode 'scope=inventory:read orders:read'%n"
            + "then call the hub with -H \"Authorization: Bearer <access_token>\"%n",
        stack.tokenIssuer().tokenUrl());
    int exit = hub[0].waitFor();
    System.out.println("sandbox: hub exited with " + exit);
    System.exit(exit);
  }

  private static Process startHub(Path projectDir, Path hubJar, Map<String, String> config)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dquarkus.profile=dev");
    command.add("-jar");
    command.add(hubJar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile()).inheritIO();
    // secrets travel in the environment, not on a command line that `ps` shows
    config.forEach((key, value) -> builder.environment().put(environmentName(key), value));
    return builder.start();
  }

  private static void stopHub(Process hub) {
    if (hub == null || !hub.isAlive()) {
      return;
    }
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

  /** MicroProfile Config's environment-variable form of a property name. */
  static String environmentName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
