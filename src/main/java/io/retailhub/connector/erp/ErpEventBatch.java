package io.retailhub.connector.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.ops.idempotency.SingleStatementMessageIdRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.processor.aggregate.GroupedExchangeAggregationStrategy;

/**
 * The ERP webhook's batched content mode (CloudEvents HTTP binding, {@value #CONTENT_TYPE}): one
 * signed request carries a JSON array of structured events. A sender with a backlog pays the
 * request, the signature check and the answer once per batch instead of once per event.
 *
 * <p>A batch whose events all map goes as one unit: one look-up of the processed event ids, one
 * Kafka send of all its records, one insert of their ids (docs/decisions/0015). A batch with an
 * event to dead-letter, or whose unit fails, goes event by event the single event's way instead,
 * where the idempotent consumer recognises what the unit already did.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("erpEventBatch")
public class ErpEventBatch {
  public static final String CONTENT_TYPE = "application/cloudevents-batch+json";

  /** Set when the batch must go event by event: one of its new events is to be dead-lettered. */
  public static final String ONE_BY_ONE = "erpEventBatchOneByOne";

  private final SingleStatementMessageIdRepository messageIds;

  public ErpEventBatch(
      @Named("inventoryWebhookMessageIds") SingleStatementMessageIdRepository messageIds) {
    this.messageIds = messageIds;
  }

  /**
   * The batch's events, each as the JSON of one structured event. A body that is not a JSON array
   * is returned whole as its only element, so that the single-event path dead-letters it with its
   * reason instead of the batch being refused and retried forever.
   */
  public List<byte[]> eventsOf(byte[] body) {
    JsonNode batch;
    try {
      batch = CanonicalJson.mapper().readTree(body);
    } catch (IOException notJson) {
      return List.of(body);
    }
    if (batch == null || !batch.isArray()) {
      return List.of(body);
    }
    List<byte[]> events = new ArrayList<>(batch.size());
    for (JsonNode event : batch) {
      try {
        events.add(CanonicalJson.mapper().writeValueAsBytes(event));
      } catch (IOException unwritable) {
        throw new IllegalStateException("a parsed JSON node could not be written", unwritable);
      }
    }
    return events;
  }

  /** Keeps every event's exchange, in the batch's order, for {@link #answer}. */
  @Produces
  @io.quarkus.arc.Unremovable
  @Named("erpEventBatchParts")
  AggregationStrategy parts() {
    return new GroupedExchangeAggregationStrategy();
  }

  /**
   * The batch's new events, as the records of one Kafka send: each part of the split is one record,
   * with its own key and headers; another ERP event type is sent to {@code forwardTopic}. An event
   * already processed, or repeated within the batch, is marked DUPLICATE and left out. A new event
   * to dead-letter sets {@link #ONE_BY_ONE} instead, and nothing is returned.
   */
  public List<Exchange> publishable(Object grouped, String forwardTopic, Exchange batch) {
    List<Exchange> parts = partsOf(grouped);
    Set<String> keys = new LinkedHashSet<>();
    parts.forEach(part -> keys.add(deduplicationKeyOf(part)));
    Set<String> processed = messageIds.containedOf(keys);
    Set<String> inThisBatch = new HashSet<>();
    List<Exchange> records = new ArrayList<>(parts.size());
    for (Exchange part : parts) {
      String key = deduplicationKeyOf(part);
      if (processed.contains(key) || !inThisBatch.add(key)) {
        part.setProperty(ErpEventIntake.OUTCOME, "DUPLICATE");
        continue;
      }
      String disposition = part.getProperty(ErpEventIntake.DISPOSITION, String.class);
      if ("DEAD_LETTER".equals(disposition)) {
        batch.setProperty(ONE_BY_ONE, true);
        return List.of();
      }
      if ("OTHER".equals(disposition)) {
        part.getMessage().setHeader(KafkaConstants.OVERRIDE_TOPIC, forwardTopic);
      }
      records.add(part);
    }
    return records;
  }

  /**
   * After Kafka acknowledged every record of {@link #publishable}: records their event ids, in one
   * statement, and marks them PUBLISHED (stock) or FORWARDED (another type).
   */
  public void published(Object grouped) {
    List<String> keys = new ArrayList<>();
    for (Exchange part : partsOf(grouped)) {
      if (part.getProperty(ErpEventIntake.OUTCOME) == null) {
        boolean stock = "STOCK".equals(part.getProperty(ErpEventIntake.DISPOSITION));
        part.setProperty(ErpEventIntake.OUTCOME, stock ? "PUBLISHED" : "FORWARDED");
        keys.add(deduplicationKeyOf(part));
      }
    }
    messageIds.addAll(keys);
  }

  private static String deduplicationKeyOf(Exchange part) {
    return part.getProperty(ErpEventIntake.DEDUPLICATION_KEY, String.class);
  }

  /** The split's exchanges; a batch without events leaves the request's own body instead. */
  private static List<Exchange> partsOf(Object grouped) {
    List<Exchange> parts = new ArrayList<>();
    if (grouped instanceof List<?> list) {
      list.forEach(part -> parts.add((Exchange) part));
    }
    return parts;
  }

  /**
   * The answer to a batch whose events all went their way: each event's id and outcome, in the
   * batch's order. {@code grouped} is the list of the split's exchanges; a batch without events
   * leaves the request's own body there, since the splitter had nothing to group.
   */
  public String answer(@Body Object grouped) {
    ObjectNode answer = CanonicalJson.mapper().createObjectNode();
    ArrayNode events = answer.putArray("events");
    for (Exchange event : partsOf(grouped)) {
      events
          .addObject()
          .put("eventId", event.getProperty(ErpEventIntake.EVENT_ID, String.class))
          .put("outcome", event.getProperty(ErpEventIntake.OUTCOME, String.class));
    }
    return answer.toString();
  }
}
