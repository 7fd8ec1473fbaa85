package io.retailhub.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program the tests check the hub with (node, npm, promtool, chromium), as CI installs them
 * (.ci/test). Output goes to a file, not a pipe, so a program that hangs is killed at the timeout
 * and its output still explains why.
 */
public final class ExternalTool {

  /** How the program ended; exit code -1 when it was killed at the timeout. */
  public record Result(int exitCode, String output) {}

  private ExternalTool() {}

  public static Result run(
      List<String> command,
      Path workingDirectory,
      Map<String, String> environment,
      Path stdin,
      Duration timeout)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("external-tool-", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      if (workingDirectory != null) {
        builder.directory(workingDirectory.toFile());
      }
      if (stdin != null) {
        builder.redirectInput(stdin.toFile());
      }
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + timeout + ": " + command + "\n" + read(log));
      }
      return new Result(process.exitValue(), read(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  public static Result run(List<String> command, Path workingDirectory, Map<String, String> env)
      throws IOException, InterruptedException {
    return run(command, workingDirectory, env, null, Duration.ofMinutes(5));
  }

  /** Installs a node project's dependencies: {@code npm ci} from its lock file, else install. */
  public static Result npmInstall(Path directory) throws IOException, InterruptedException {
    String verb = Files.exists(directory.resolve("package-lock.json")) ? "ci" : "install";
    return run(List.of("npm", verb, "--no-audit", "--no-fund"), directory, Map.of());
  }

  public static boolean onPath(String executable) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, executable))) {
        return true;
      }
    }
    return false;
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
