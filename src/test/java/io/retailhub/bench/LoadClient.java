package io.retailhub.bench;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Sends a benchmark's load with Vert.x on one event loop. The JDK's HttpClient, which the
 * benchmarks still use for their set-up calls, took a whole core of the two to send 500 requests a
 * second (a thread per completion from its cached pool); the hub under test lacked that core.
 * Requests are described as the JDK's {@link HttpRequest}, so a benchmark builds them one way.
 */
final class LoadClient implements AutoCloseable {

  /** The answer's status and body. */
  record Answer(int status, String body) {}

  private final Vertx vertx;
  private final HttpClient http;
  private final Context loop;

  LoadClient() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    http =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout((int) TimeUnit.SECONDS.toMillis(5)),
            // as many connections as requests in flight, as the JDK client opened: a request
            // never waits for the client's pool, only for the server
            new PoolOptions().setHttp1MaxSize(4096));
    loop = vertx.getOrCreateContext();
  }

  CompletionStage<Answer> send(HttpRequest request) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(request.method()))
            .setAbsoluteURI(request.uri().toString())
            .setIdleTimeout(request.timeout().orElse(Duration.ofSeconds(10)).toMillis());
    request
        .headers()
        .map()
        .forEach((name, values) -> values.forEach(v -> options.addHeader(name, v)));
    Buffer body = bodyOf(request);
    Promise<Answer> answer = Promise.promise();
    // on the client's own event loop: a response chained from another thread could end before
    // its handler was set (an IllegalStateException for 2-4 % of the requests)
    loop.runOnContext(
        start ->
            http.request(options)
                .compose(sent -> body == null ? sent.send() : sent.send(body))
                .compose(
                    response ->
                        response
                            .body()
                            .map(content -> new Answer(response.statusCode(), content.toString())))
                .onComplete(answer));
    return answer.future().toCompletionStage();
  }

  /** The bytes of the request's body publisher (the JDK's own publishers emit them at once). */
  private static Buffer bodyOf(HttpRequest request) {
    if (request.bodyPublisher().isEmpty() || request.bodyPublisher().get().contentLength() == 0) {
      return null;
    }
    Buffer body = Buffer.buffer();
    CompletableFuture<Buffer> collected = new CompletableFuture<>();
    request
        .bodyPublisher()
        .get()
        .subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ByteBuffer part) {
                byte[] bytes = new byte[part.remaining()];
                part.get(bytes);
                body.appendBytes(bytes);
              }

              @Override
              public void onError(Throwable failure) {
                collected.completeExceptionally(failure);
              }

              @Override
              public void onComplete() {
                collected.complete(body);
              }
            });
    return collected.join();
  }

  @Override
  public void close() {
    http.close();
    vertx.close();
  }
}
