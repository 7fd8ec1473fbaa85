package io.retailhub.sandbox.erp;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.retailhub.sandbox.support.FaultInjector;
import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.support.WebhookDispatcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Publishes the ERP's business events as CloudEvents 1.0 in structured JSON mode, signed with
 * HMAC-SHA256 over {@code <epoch seconds>.<body>} ({@code X-ERP-Timestamp}, {@code X-ERP-Signature:
 * sha256=<hex>}), through the shared retrying {@link WebhookDispatcher}.
 */
public final class ErpBusinessEvents implements AutoCloseable {

  public static final String SOURCE = "/default/sap.s4.beh/ERPSIM";
  public static final String MATERIAL_STOCK_CHANGED =
      "sap.s4.beh.materialstock.v1.MaterialStock.Changed.v1";
  public static final String SALES_ORDER_CHANGED = "sap.s4.beh.salesorder.v1.SalesOrder.Changed.v1";
  public static final String OUTBOUND_DELIVERY_CREATED =
      "sap.s4.beh.outbounddelivery.v1.OutboundDelivery.Created.v1";
  public static final String CUSTOMER_RETURN_CHANGED =
      "sap.s4.beh.customerreturn.v1.CustomerReturn.Changed.v1";
  public static final String BUSINESS_PARTNER_CHANGED =
      "sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1";
  public static final String TIMESTAMP_HEADER = "X-ERP-Timestamp";
  public static final String SIGNATURE_HEADER = "X-ERP-Signature";
  public static final String CONTENT_TYPE = "application/cloudevents+json";
  public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

  /** One published event as the inspection view shows it. */
  public record PublishedEvent(String id, String type, String subject, Map<String, Object> data) {}

  private static final int KEPT_EVENTS = 10_000;

  private final WebhookDispatcher dispatcher;
  private final Supplier<java.time.Instant> businessTime;
  private final List<PublishedEvent> published = new CopyOnWriteArrayList<>();

  /**
   * @param businessTime the simulated clock that stamps the event {@code time}; signatures always
   *     use the real clock, so a receiver's replay window keeps working when simulated time runs
   *     ahead
   */
  ErpBusinessEvents(
      Supplier<String> webhookUrl,
      String secret,
      FaultInjector faults,
      Supplier<java.time.Instant> businessTime) {
    this.businessTime = businessTime;
    this.dispatcher =
        new WebhookDispatcher(
            "erp", webhookUrl, body -> sign(secret, body, Clock.systemUTC()), faults);
  }

  /** The signature headers for one body; public so tests and the hub can check the scheme. */
  public static Map<String, String> sign(String secret, String body, Clock clock) {
    String timestamp = String.valueOf(clock.instant().getEpochSecond());
    return Map.of(
        TIMESTAMP_HEADER,
        timestamp,
        SIGNATURE_HEADER,
        "sha256=" + hmacHex(secret, timestamp + "." + body));
  }

  public static String hmacHex(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  void publish(String type, String subject, Map<String, Object> data) {
    String id = UUID.randomUUID().toString();
    byte[] payload;
    try {
      payload = SimulatorServer.JSON.writeValueAsBytes(data);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(id)
            .withSource(URI.create(SOURCE))
            .withType(type)
            .withSubject(subject)
            .withTime(OffsetDateTime.ofInstant(businessTime.get(), ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withData(payload)
            .build();
    String body = new String(new JsonFormat().serialize(event), StandardCharsets.UTF_8);
    published.add(new PublishedEvent(id, type, subject, data));
    while (published.size() > KEPT_EVENTS) {
      published.remove(0);
    }
    dispatcher.send(body, CONTENT_TYPE, Map.of());
  }

  /**
   * Delivers the events waiting, up to {@code most} of them, in one batched request; 1: each alone.
   */
  public void batchUpTo(int most) {
    dispatcher.batchUpTo(most, BATCH_CONTENT_TYPE);
  }

  public int mostPerDelivery() {
    return dispatcher.mostPerDelivery();
  }

  public List<PublishedEvent> published() {
    return List.copyOf(published);
  }

  public Map<String, Long> deliveryStats() {
    return dispatcher.stats();
  }

  @Override
  public void close() {
    dispatcher.close();
  }
}
