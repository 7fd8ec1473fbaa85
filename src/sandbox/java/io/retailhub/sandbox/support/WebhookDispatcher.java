package io.retailhub.sandbox.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Delivers a simulator's outbound webhooks the way the platforms do: each delivery is retried with
 * exponential backoff until the receiver answers 2xx, so nothing is lost while the hub is down. The
 * {@code dropWebhooks} fault discards deliveries instead, to test reconciliation paths. With {@link
 * #batchUpTo} above 1, a free delivery thread takes every body waiting, up to that many, into one
 * request whose body is their JSON array (the CloudEvents batched content mode).
 */
public final class WebhookDispatcher implements AutoCloseable {

  /** Signs one delivery body: returns the headers to add (for example an HMAC signature). */
  @FunctionalInterface
  public interface Signer extends Function<String, Map<String, String>> {}

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService scheduler;
  private final Supplier<String> targetUrl;
  private final Signer signer;
  private final FaultInjector faults;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final Queue<String> waiting = new ConcurrentLinkedQueue<>();
  private volatile int mostPerDelivery = 1;
  private volatile String batchContentType;

  public WebhookDispatcher(
      String name, Supplier<String> targetUrl, Signer signer, FaultInjector faults) {
    this.targetUrl = targetUrl;
    this.signer = signer;
    this.faults = faults;
    this.scheduler =
        Executors.newScheduledThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, name + "-webhooks");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * From now on, bodies sent without extra headers are delivered in batches of at most {@code
   * mostPerDelivery} with {@code contentType}; 1 delivers each alone again.
   */
  public void batchUpTo(int mostPerDelivery, String contentType) {
    this.batchContentType = contentType;
    this.mostPerDelivery = Math.max(1, mostPerDelivery);
  }

  public int mostPerDelivery() {
    return mostPerDelivery;
  }

  /** Queues one delivery of a JSON body with its content type. */
  public void send(String body, String contentType, Map<String, String> extraHeaders) {
    if (faults.dropWebhooks()) {
      dropped.incrementAndGet();
      return;
    }
    pending.incrementAndGet();
    if (mostPerDelivery > 1 && extraHeaders.isEmpty()) {
      waiting.add(body);
      scheduler.execute(this::deliverWaiting);
      return;
    }
    scheduler.execute(() -> attempt(body, 1, contentType, extraHeaders, FIRST_BACKOFF));
  }

  /** JSON documents as one JSON array: the body of a batched delivery. */
  public static String batchBody(List<String> documents) {
    return "[" + String.join(",", documents) + "]";
  }

  private void deliverWaiting() {
    List<String> bodies = new ArrayList<>();
    String body;
    while (bodies.size() < mostPerDelivery && (body = waiting.poll()) != null) {
      bodies.add(body);
    }
    if (!bodies.isEmpty()) {
      attempt(batchBody(bodies), bodies.size(), batchContentType, Map.of(), FIRST_BACKOFF);
    }
  }

  private void attempt(
      String body,
      int bodies,
      String contentType,
      Map<String, String> extraHeaders,
      Duration backoff) {
    attempts.incrementAndGet();
    String url = targetUrl.get();
    boolean ok = false;
    if (url != null && !url.isBlank()) {
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        extraHeaders.forEach(request::header);
        signer.apply(body).forEach(request::header);
        int status =
            http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        ok = status >= 200 && status < 300;
      } catch (java.io.IOException e) {
        ok = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (ok) {
      delivered.addAndGet(bodies);
      pending.addAndGet(-bodies);
      return;
    }
    Duration next =
        backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    scheduler.schedule(
        () -> attempt(body, bodies, contentType, extraHeaders, next),
        backoff.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public Map<String, Long> stats() {
    return Map.of(
        "delivered", delivered.get(),
        "attempts", attempts.get(),
        "dropped", dropped.get(),
        "pending", pending.get());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
