package io.retailhub.bench;

import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.support.SimulatorServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Issue 8's "memory stays bounded under a 10x burst": the hub's heap after a full GC, before,
 * during and after a burst of ten times the steady rate, while the platform the flow writes to is
 * slowed down. The flow is customer-merge (Kafka {@code retail.customer.v1} -> golden record in
 * PostgreSQL -> one {@code users/create_or_update.json} per change through the service-desk
 * outbound throttle); the service-desk simulator answers every request after a fixed latency, so
 * the hub drains the topic far slower than the burst fills it. A bounded hub keeps the backlog in
 * Kafka (consumer lag grows) and its heap flat.
 *
 * <p>Heap is measured in the hub's own JVM: {@code jcmd <pid> GC.run} (a full collection), then the
 * sum of {@code jvm_memory_used_bytes{area="heap"}} from {@code /q/metrics}.
 *
 * <p>Arguments (optional): steady changes per second (5), burst factor (10), burst seconds (15),
 * service-desk latency ms (100), steady seconds (20), padding KiB per record (0). The padding is a
 * Kafka record header that the flow drops before any platform call; it makes each record heavy
 * enough that a hub buffering its backlog would show it in the heap.
 */
public final class BurstMemoryBench {

  private static final String TOPIC = "retail.customer.v1";
  private static final String GROUP = "hub-customer-merge";
  private static final String PUSH_PATH = "/api/v2/users/create_or_update.json";
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(3);

  /** Header value added to every record (see the class comment); empty by default. */
  private static byte[] padding = new byte[0];

  private record Sample(Instant at, String phase, long heapBytes, long lag, long delivered) {}

  public static void main(String[] args) throws Exception {
    int steadyRate = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int factor = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int burstSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    int latencyMs = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int steadySeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    int paddingKib = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    padding = "x".repeat(paddingKib * 1024).getBytes(StandardCharsets.UTF_8);
    String run = "GC-BURST-" + UUID.randomUUID().toString().substring(0, 8);

    try (BenchHub bench = BenchHub.start("burst-memory");
        KafkaProducer<String, String> producer =
            producer(bench.stack().kafka().bootstrapServers());
        Admin admin = admin(bench.stack().kafka().bootstrapServers())) {
      HttpClient http = OpenLoop.client();
      String metricsToken = bench.bearer("ops:read");
      bench.stack().serviceDesk().faults().latency(Duration.ofMillis(latencyMs));
      List<Sample> samples = new ArrayList<>();
      int sent = 0;
      try {
        System.out.printf(
            "bench: steady %d/s for %d s, then %d x = %d/s for %d s; service desk latency %d ms;"
                + " record padding %d KiB; load %s%n",
            steadyRate,
            steadySeconds,
            factor,
            steadyRate * factor,
            burstSeconds,
            latencyMs,
            paddingKib,
            BenchHub.machineLoad());

        // steady phase: the flow keeps up; it also warms the JIT and the pools
        sent = produce(producer, run, sent, steadyRate, steadySeconds);
        awaitDrained(bench, admin, run, sent, Duration.ofMinutes(3));
        samples.add(sample(bench, http, metricsToken, admin, run, "before"));
        samples.add(sample(bench, http, metricsToken, admin, run, "before"));

        // burst: ten times the steady rate; sample while it is sent and while it drains
        Instant burstStart = Instant.now();
        int burstRate = steadyRate * factor;
        Instant nextSample = Instant.now().plus(SAMPLE_EVERY);
        for (int second = 0; second < burstSeconds; second++) {
          sent = produce(producer, run, sent, burstRate, 1);
          if (Instant.now().isAfter(nextSample)) {
            samples.add(sample(bench, http, metricsToken, admin, run, "burst"));
            nextSample = Instant.now().plus(SAMPLE_EVERY);
          }
        }
        Instant burstSent = Instant.now();
        System.out.printf(
            "bench: %d changes sent in total, burst took %d s; load %s%n",
            sent, Duration.between(burstStart, burstSent).toSeconds(), BenchHub.machineLoad());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (delivered(bench, run) < sent && Instant.now().isBefore(deadline)) {
          samples.add(sample(bench, http, metricsToken, admin, run, "drain"));
          TimeUnit.MILLISECONDS.sleep(SAMPLE_EVERY.toMillis()); // pacing the sampler, not a test
        }
        Instant drained = Instant.now();
        awaitDrained(bench, admin, run, sent, Duration.ofMinutes(1));
        samples.add(sample(bench, http, metricsToken, admin, run, "after"));
        samples.add(sample(bench, http, metricsToken, admin, run, "after"));

        long delivered = delivered(bench, run);
        long before = minHeap(samples, "before");
        long peak =
            samples.stream()
                .filter(s -> !s.phase().equals("before") && !s.phase().equals("after"))
                .mapToLong(Sample::heapBytes)
                .max()
                .orElse(0);
        long after = minHeap(samples, "after");
        long maxLag = samples.stream().mapToLong(Sample::lag).max().orElse(0);
        double drainRate =
            (delivered - (long) steadyRate * steadySeconds)
                / Math.max(1.0, Duration.between(burstStart, drained).toMillis() / 1000.0);

        System.out.println();
        System.out.println("=== BurstMemoryBench results ===");
        System.out.printf(
            "flow customer-merge -> service desk (latency %d ms); steady %d/s, burst %d/s for %d"
                + " s%n",
            latencyMs, steadyRate, burstRate, burstSeconds);
        for (Sample s : samples) {
          System.out.printf(
              "%s %-6s heap after GC %6.1f MB, consumer lag %5d, delivered %5d%n",
              s.at(), s.phase(), mb(s.heapBytes()), s.lag(), s.delivered());
        }
        System.out.printf(
            "sent %d, delivered %d (lost %d); heap after GC before %.1f MB, peak during burst and"
                + " drain %.1f MB (+%.1f MB), after %.1f MB; peak consumer lag %d records; burst"
                + " drained in %d s (%.1f pushes/s)%n",
            sent,
            delivered,
            sent - delivered,
            mb(before),
            mb(peak),
            mb(peak - before),
            mb(after),
            maxLag,
            Duration.between(burstStart, drained).toSeconds(),
            drainRate);
        System.out.println("load at end: " + BenchHub.machineLoad());
      } finally {
        bench.stack().serviceDesk().faults().clear();
      }
    }
    System.exit(0);
  }

  /** Sends {@code rate} changes per second for {@code seconds}, paced per second. */
  private static int produce(
      KafkaProducer<String, String> producer, String run, int sent, int rate, int seconds)
      throws Exception {
    for (int second = 0; second < seconds; second++) {
      long due = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      for (int i = 0; i < rate; i++) {
        String goldenId = run + "-" + sent;
        ProducerRecord<String, String> record =
            new ProducerRecord<>(TOPIC, goldenId, change(goldenId, sent));
        if (padding.length > 0) {
          record.headers().add("X-Bench-Padding", padding);
        }
        producer.send(record);
        sent++;
      }
      producer.flush();
      long left = due - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.sleep(left); // the load generator's pacing
      }
    }
    return sent;
  }

  /** A Salesforce edit of one customer's last name: customer-merge pushes it to the desk only. */
  private static String change(String goldenId, int index) throws IOException {
    return CanonicalJson.mapper()
        .writeValueAsString(
            Map.of(
                "goldenId",
                goldenId,
                "source",
                "salesforce",
                "sourceRecordId",
                "003" + goldenId,
                "sourceTimestamp",
                Instant.now().toString(),
                "attributes",
                Map.of("lastName", "Burst " + index)));
  }

  private static void awaitDrained(
      BenchHub bench, Admin admin, String run, int sent, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (delivered(bench, run) >= sent && lag(admin) == 0) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(500); // polling another process
    }
    System.out.printf(
        "bench: not drained within %s: delivered %d of %d, lag %d%n",
        limit, delivered(bench, run), sent, lag(admin));
  }

  private static long delivered(BenchHub bench, String run) {
    return bench.stack().serviceDesk().journal().stream()
        .filter(entry -> entry.path().equals(PUSH_PATH))
        .filter(entry -> entry.status() == 200 || entry.status() == 201)
        .map(SimulatorServer.JournalEntry::body)
        .filter(body -> body != null && body.contains(run))
        .count();
  }

  private static Sample sample(
      BenchHub bench, HttpClient http, String token, Admin admin, String run, String phase)
      throws Exception {
    Process gc =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(bench.hubPid()),
                "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
      throw new IllegalStateException("jcmd GC.run failed for the hub");
    }
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(bench.managementUrl() + "/q/metrics"))
                .header("Authorization", token)
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (metrics.statusCode() != 200) {
      throw new IllegalStateException("/q/metrics answered " + metrics.statusCode());
    }
    long heap =
        (long)
            metrics
                .body()
                .lines()
                .filter(line -> line.startsWith("jvm_memory_used_bytes{"))
                .filter(line -> line.contains("area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    Sample sample = new Sample(Instant.now(), phase, heap, lag(admin), delivered(bench, run));
    System.out.printf(
        "sample %-6s heap after GC %.1f MB, lag %d, delivered %d%n",
        phase, mb(heap), sample.lag(), sample.delivered());
    return sample;
  }

  /** Records of the topic the flow's consumer group has not committed yet. */
  private static long lag(Admin admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
    Set<TopicPartition> partitions =
        admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().stream()
            .map(info -> new TopicPartition(TOPIC, info.partition()))
            .collect(Collectors.toSet());
    Map<TopicPartition, OffsetSpec> latest =
        partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    long lag = 0;
    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      lag += end.getValue().offset() - (done == null ? 0 : done.offset());
    }
    return lag;
  }

  private static long minHeap(List<Sample> samples, String phase) {
    return samples.stream()
        .filter(s -> s.phase().equals(phase))
        .mapToLong(Sample::heapBytes)
        .min()
        .orElse(0);
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    return new KafkaProducer<>(props);
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(props);
  }

  private BurstMemoryBench() {}
}
