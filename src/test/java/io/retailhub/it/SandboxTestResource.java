package io.retailhub.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailhub.sandbox.stack.SandboxStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * Starts the sandbox stack once per test JVM for every {@code @QuarkusTest}: the same real Kafka,
 * Artemis and PostgreSQL servers (and simulators) that the README's run command starts.
 */
public class SandboxTestResource implements QuarkusTestResourceLifecycleManager {

  private static SandboxStack stack;
  private static int hubHttpPort;

  public static synchronized SandboxStack stack() {
    if (stack == null) {
      // one directory per class loader: a test profile restarts Quarkus in a new class loader,
      // where
      // this class (and its static stack) is loaded again and starts a stack of its own
      Path dataDir =
          Path.of(
              "target",
              "sandbox-it",
              ProcessHandle.current().pid()
                  + "-"
                  + Integer.toHexString(
                      System.identityHashCode(SandboxTestResource.class.getClassLoader())));
      Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "retailhub-postgres-binaries");
      hubHttpPort = freePort();
      stack =
          new SandboxStack(
                  new SandboxStack.Settings(dataDir, binaries, 0, 0, 0, 0, 0, 0, hubHttpPort),
                  "test-" + System.nanoTime())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "sandbox-it-shutdown"));
    }
    return stack;
  }

  @Override
  public Map<String, String> start() {
    // Awaitility would fail whichever await is running when any thread dies, including library
    // threads the hub cannot guard: CometD's reconnect throws "Invalid state CONNECTED" when a
    // Salesforce outage ends and the client has already reconnected. Tests judge outcomes instead.
    Awaitility.doNotCatchUncaughtExceptionsByDefault();
    Map<String, String> config = new HashMap<>(stack().hubConfig());
    // fixed before start, so simulators know where to deliver webhooks
    config.put("quarkus.http.test-port", String.valueOf(hubHttpPort));
    return config;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    // the stack outlives one Quarkus application: later test classes reuse it
  }
}
