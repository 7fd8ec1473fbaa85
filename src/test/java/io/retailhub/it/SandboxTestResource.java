package io.retailhub.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailhub.sandbox.stack.SandboxStack;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the sandbox stack once per test JVM for every {@code @QuarkusTest}: the same real Kafka,
 * Artemis and PostgreSQL servers (and simulators) that the README's run command starts.
 */
public class SandboxTestResource implements QuarkusTestResourceLifecycleManager {

  private static SandboxStack stack;

  public static synchronized SandboxStack stack() {
    if (stack == null) {
      Path dataDir = Path.of("target", "sandbox-it", String.valueOf(ProcessHandle.current().pid()));
      Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "retailhub-postgres-binaries");
      stack =
          new SandboxStack(
                  new SandboxStack.Settings(dataDir, binaries, 0, 0, 0),
                  "test-" + System.nanoTime())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "sandbox-it-shutdown"));
    }
    return stack;
  }

  @Override
  public Map<String, String> start() {
    return stack().hubConfig();
  }

  @Override
  public void stop() {
    // the stack outlives one Quarkus application: later test classes reuse it
  }
}
