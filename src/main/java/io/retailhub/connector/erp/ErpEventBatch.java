package io.retailhub.connector.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.model.CanonicalJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.GroupedExchangeAggregationStrategy;

/**
 * The ERP webhook's batched content mode (CloudEvents HTTP binding, {@value #CONTENT_TYPE}): one
 * signed request carries a JSON array of structured events, and each of them goes the single
 * event's way. A sender with a backlog pays the request, the signature check and the answer once
 * per batch instead of once per event.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("erpEventBatch")
public class ErpEventBatch {
  public static final String CONTENT_TYPE = "application/cloudevents-batch+json";

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
   * The answer to a batch whose events all went their way: each event's id and outcome, in the
   * batch's order. {@code grouped} is the list of the split's exchanges; a batch without events
   * leaves the request's own body there, since the splitter had nothing to group.
   */
  public String answer(@Body Object grouped) {
    ObjectNode answer = CanonicalJson.mapper().createObjectNode();
    ArrayNode events = answer.putArray("events");
    if (grouped instanceof List<?> parts) {
      for (Object part : parts) {
        Exchange event = (Exchange) part;
        events
            .addObject()
            .put("eventId", event.getProperty(ErpEventIntake.EVENT_ID, String.class))
            .put("outcome", event.getProperty(ErpEventIntake.OUTCOME, String.class));
      }
    }
    return answer.toString();
  }
}
