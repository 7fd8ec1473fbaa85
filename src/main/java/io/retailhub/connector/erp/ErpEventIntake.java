package io.retailhub.connector.erp;

import io.cloudevents.CloudEvent;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.events.CanonicalEventFactory;
import io.retailhub.events.KafkaCloudEvents;
import io.retailhub.events.RetailEventType;
import io.retailhub.mapping.MappingException;
import io.retailhub.mapping.erp.ErpBusinessEventMapper;
import io.retailhub.model.InventoryPosition;
import io.retailhub.model.ValidationException;
import io.retailhub.ops.deadletter.DeadLetterWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Classifies an authenticated ERP webhook and prepares what the flow does with it. It sets {@link
 * #EVENT_ID} (the CloudEvent id, or a digest of the body when the body is not an event, so that a
 * retried poison message is recognised too) and {@link #DISPOSITION}:
 *
 * <ul>
 *   <li>{@code STOCK}: the message becomes the canonical InventoryPosition event in Kafka binary
 *       mode (ce_ headers, canonical JSON body, record key {@code sku@location});
 *   <li>{@code OTHER}: another ERP event type, forwarded untouched, keyed by its subject;
 *   <li>{@code DEAD_LETTER}: not an event, not mappable, or an unknown SKU, with {@link #REASON}.
 * </ul>
 *
 * The canonical event id is derived from the ERP event id, so a re-publication after a crash
 * carries the same id and downstream de-duplication recognises it.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("erpEventIntake")
public class ErpEventIntake implements org.apache.camel.Processor {
  public static final String EVENT_ID = "erpEventId";
  public static final String DISPOSITION = "erpEventDisposition";
  public static final String REASON = "erpEventRejection";

  /**
   * Set by the flow once the event went its way: PUBLISHED, FORWARDED, DUPLICATE, DEAD_LETTERED.
   */
  public static final String OUTCOME = "webhookOutcome";

  /**
   * The de-duplication key: the event id, or for a replay from the dead letters the event id and
   * the entry id, since the first delivery of that event is already recorded as processed.
   */
  public static final String DEDUPLICATION_KEY = "erpEventDeduplicationKey";

  private final SkuCatalog skus;

  public ErpEventIntake(SkuCatalog skus) {
    this.skus = skus;
  }

  @Override
  public void process(Exchange exchange) {
    classify(exchange);
    Object replayOf = exchange.getMessage().getHeader(DeadLetterWriter.REPLAY_OF_HEADER);
    String eventId = exchange.getProperty(EVENT_ID, String.class);
    exchange.setProperty(
        DEDUPLICATION_KEY, replayOf == null ? eventId : eventId + "/replay-of/" + replayOf);
  }

  private void classify(Exchange exchange) {
    Message message = exchange.getMessage();
    byte[] body = message.getBody(byte[].class);
    CloudEvent event;
    try {
      event = ErpBusinessEventMapper.parse(body == null ? new byte[0] : body);
    } catch (MappingException notAnEvent) {
      exchange.setProperty(EVENT_ID, "sha256:" + digest(body));
      deadLetter(exchange, "malformed event: " + notAnEvent.getMessage());
      return;
    }
    exchange.setProperty(EVENT_ID, event.getId());
    // the request's content type (one event, or a batch) describes no record; a stock event's
    // record gets the binary mode's own lower-case content-type header instead
    message.removeHeader("Content-Type");
    if (!ErpBusinessEventMapper.MATERIAL_STOCK_CHANGED.equals(event.getType())) {
      exchange.setProperty(DISPOSITION, "OTHER");
      message.setHeader(
          "kafka.KEY", event.getSubject() != null ? event.getSubject() : event.getId());
      message.setHeader("ce_type", event.getType());
      message.setHeader("ce_id", event.getId());
      message.setBody(new String(body, StandardCharsets.UTF_8));
      return;
    }
    InventoryPosition position;
    try {
      position = ErpBusinessEventMapper.inventoryPositionOf(event);
    } catch (MappingException | ValidationException unmappable) {
      deadLetter(exchange, "unmappable stock event: " + unmappable.getMessage());
      return;
    }
    if (!skus.isKnown(position.sku())) {
      deadLetter(exchange, "unknown SKU " + position.sku() + " (the ERP has no such material)");
      return;
    }
    String canonicalId =
        UUID.nameUUIDFromBytes(("erp-stock:" + event.getId()).getBytes(StandardCharsets.UTF_8))
            .toString();
    CloudEvent canonical =
        new CanonicalEventFactory(Clock.systemUTC(), () -> canonicalId)
            .create(
                RetailEventType.INVENTORY_POSITION_CHANGED,
                position,
                message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class));
    exchange.setProperty(DISPOSITION, "STOCK");
    KafkaCloudEvents.headersOf(canonical).forEach(message::setHeader);
    message.setHeader("kafka.KEY", position.key());
    message.setBody(new String(canonical.getData().toBytes(), StandardCharsets.UTF_8));
  }

  private static void deadLetter(Exchange exchange, String reason) {
    exchange.setProperty(DISPOSITION, "DEAD_LETTER");
    exchange.setProperty(REASON, reason);
    byte[] body = exchange.getMessage().getBody(byte[].class);
    exchange.getMessage().setBody(body == null ? "" : new String(body, StandardCharsets.UTF_8));
  }

  private static String digest(byte[] body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
