package io.retailhub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.zip.DataFormatException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Fixed-rate (open-loop) HTTP load: request {@code i} is due at {@code start + i / rate} whatever
 * happened to the earlier ones, and its latency is measured from that due time, not from when it
 * was actually sent. A slow server therefore shows up as latency instead of silently lowering the
 * offered rate (no coordinated omission).
 */
final class OpenLoop {

  /** The latency distribution and the answers of one run. */
  record Result(String name, int rate, Histogram latencies, Map<String, Integer> statuses) {
    double percentileMillis(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMillis() {
      return latencies.getMaxValue() / 1e6;
    }

    String summary() {
      return String.format(
          "%s: %d requests at %d/s, statuses %s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
          name,
          latencies.getTotalCount(),
          rate,
          new TreeMap<>(statuses),
          percentileMillis(50),
          percentileMillis(90),
          percentileMillis(99),
          maxMillis());
    }
  }

  private OpenLoop() {}

  /**
   * {@link #run} of one fixed GET request in a JVM of its own: the benchmark JVM also hosts Kafka,
   * Artemis and the simulators, whose collection pauses would delay the pacer and count as the
   * server's latency. A small heap and the serial collector keep the load generator's own pauses to
   * a millisecond or so. The same JVM runs the unmeasured warm-up first, so that the measured phase
   * does not start with a cold JIT.
   */
  static Result runIsolated(
      String name,
      int rate,
      Duration warmUp,
      Duration duration,
      URI uri,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                OpenLoop.class.getName(),
                name,
                String.valueOf(rate),
                String.valueOf(warmUp.toSeconds()),
                String.valueOf(duration.toSeconds()),
                uri.toString()));
    headers.forEach((header, value) -> command.add(header + "=" + value));
    Process generator = new ProcessBuilder(command).redirectErrorStream(true).start();
    Histogram latencies = null;
    Map<String, Integer> statuses = new TreeMap<>();
    try (BufferedReader output = generator.inputReader()) {
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        if (line.startsWith(HISTOGRAM_LINE)) {
          latencies =
              Histogram.decodeFromCompressedByteBuffer(
                  ByteBuffer.wrap(
                      Base64.getDecoder().decode(line.substring(HISTOGRAM_LINE.length()))),
                  0);
        } else if (line.startsWith(STATUS_LINE)) {
          String[] status = line.substring(STATUS_LINE.length()).split("=");
          statuses.put(status[0], Integer.parseInt(status[1]));
        } else {
          System.out.println("  [load generator] " + line);
        }
      }
    } catch (DataFormatException e) {
      throw new IOException("unreadable histogram from the load generator", e);
    }
    if (generator.waitFor() != 0 || latencies == null) {
      throw new IOException("the load generator for " + name + " failed");
    }
    return new Result(name, rate, latencies, statuses);
  }

  private static final String HISTOGRAM_LINE = "histogram ";
  private static final String STATUS_LINE = "status ";

  /**
   * The child side of {@link #runIsolated}: name, rate, warm-up seconds, measured seconds, URI,
   * then header=value pairs.
   */
  public static void main(String[] args) throws Exception {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(args[4])).timeout(Duration.ofSeconds(10));
    for (int i = 5; i < args.length; i++) {
      int split = args[i].indexOf('=');
      builder.header(args[i].substring(0, split), args[i].substring(split + 1));
    }
    HttpRequest request = builder.build();
    LoadClient http = new LoadClient();
    int rate = Integer.parseInt(args[1]);
    run(
        "warm-up " + args[0],
        http,
        rate,
        Duration.ofSeconds(Long.parseLong(args[2])),
        i -> request);
    Result result =
        run(args[0], http, rate, Duration.ofSeconds(Long.parseLong(args[3])), i -> request);
    Histogram latencies = result.latencies().copy();
    ByteBuffer encoded = ByteBuffer.allocate(latencies.getNeededByteBufferCapacity());
    latencies.encodeIntoCompressedByteBuffer(encoded);
    encoded.flip();
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    System.out.println(HISTOGRAM_LINE + Base64.getEncoder().encodeToString(bytes));
    result
        .statuses()
        .forEach((status, count) -> System.out.println(STATUS_LINE + status + "=" + count));
    System.exit(0);
  }

  /** The client-side failure's name (a timeout is the client giving up at 10 s). */
  private static String failure(Throwable error) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    return cause.getClass().getSimpleName();
  }

  static HttpClient client() {
    // HTTP/1.1 explicitly: the default would try an h2c upgrade on every new connection
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Work started at its due time of a fixed-rate schedule. */
  @FunctionalInterface
  interface Paced {
    void start(int index, long dueNanos);
  }

  /** Sends each due request; its latency counts from its due time to its answer or failure. */
  static Result run(
      String name, LoadClient http, int rate, Duration duration, IntFunction<HttpRequest> requests)
      throws InterruptedException {
    int total = (int) (rate * duration.toSeconds());
    // up to one minute, recorded with 3 significant digits
    Histogram latencies = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(total);
    pace(
        rate,
        duration,
        (index, due) ->
            http.send(requests.apply(index))
                .whenComplete(
                    (answer, error) -> {
                      latencies.recordValue(
                          Math.min(System.nanoTime() - due, latencies.getHighestTrackableValue()));
                      statuses.merge(
                          error == null ? String.valueOf(answer.status()) : failure(error),
                          1,
                          Integer::sum);
                      done.countDown();
                    }));
    if (!done.await(60, TimeUnit.SECONDS)) {
      System.out.printf("%s: %d requests never answered%n", name, done.getCount());
    }
    return new Result(name, rate, latencies, statuses);
  }

  /**
   * Starts {@code rate * seconds} tasks, task {@code i} at {@code start + i / rate}, on one pacing
   * thread, and returns when the last one has started. A task must hand slow work elsewhere (e.g.
   * an async send), or later tasks start late; their due time stays the one to measure from.
   */
  static void pace(int rate, Duration duration, Paced task) throws InterruptedException {
    int total = (int) (rate * duration.toSeconds());
    ScheduledThreadPoolExecutor pacer = new ScheduledThreadPoolExecutor(1);
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    try {
      for (int i = 0; i < total; i++) {
        long due = start + i * intervalNanos;
        int index = i;
        pacer.schedule(() -> task.start(index, due), due - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
      // delayed tasks still run after shutdown (the executor's default policy)
      pacer.shutdown();
      if (!pacer.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        System.out.println("pacer: tasks still not started after the run's duration + 60 s");
      }
    } finally {
      pacer.shutdownNow();
    }
  }
}
