package io.retailhub.sandbox.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the hub's webhook endpoint: records every delivery it gets and answers with a
 * status the test chooses, so a test can play a hub that is down and then recovers.
 */
public final class RecordingWebhookReceiver implements AutoCloseable {

  /** One received delivery; header names are lower case. */
  public record Delivery(Map<String, String> headers, String body, int answeredStatus) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger answerStatus = new AtomicInteger(200);

  public RecordingWebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext(
        "/",
        exchange -> {
          try (exchange;
              InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange
                .getRequestHeaders()
                .forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), values.get(0)));
            int status = answerStatus.get();
            deliveries.add(new Delivery(headers, body, status));
            exchange.sendResponseHeaders(status, -1);
          }
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
  }

  /** The status every following delivery is answered with (500 plays a hub that is down). */
  public void answerWith(int status) {
    answerStatus.set(status);
  }

  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Deliveries that the receiver accepted with a 2xx. */
  public List<Delivery> accepted() {
    return deliveries.stream().filter(d -> d.answeredStatus() / 100 == 2).toList();
  }

  public void clear() {
    deliveries.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
