package io.retailhub.mapping.servicedesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.CasePriority;
import io.retailhub.model.CaseStatus;
import io.retailhub.model.Platform;
import io.retailhub.model.ServiceCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Zendesk ticket event webhooks ({@code "type": "zen:event-type:ticket.*"}, {@code detail} = the
 * ticket, status and priority in upper case). The event carries no custom fields, so the case it
 * yields has no order or customer links; a flow that needs them reads the ticket.
 */
public final class ZendeskWebhookMapper {
  public static final String TICKET_EVENT_PREFIX = "zen:event-type:ticket.";

  private ZendeskWebhookMapper() {}

  /** The event type, e.g. {@code zen:event-type:ticket.status_changed}. */
  public static String eventTypeOf(JsonNode webhook) {
    MappingContext context = MappingContext.of("servicedesk:webhook");
    String type = context.root(webhook).requiredText("type");
    return context.build(() -> type);
  }

  public static ServiceCase serviceCaseOf(JsonNode webhook) {
    MappingContext context = MappingContext.of("servicedesk:webhook");
    PayloadNode root = context.root(webhook);
    String type = root.requiredText("type");
    if (type != null && !type.startsWith(TICKET_EVENT_PREFIX)) {
      root.violation("type", "is not a ticket event: '" + type + "'");
    }
    PayloadNode detail = root.requiredObject("detail");
    Long id = detail.requiredLong("id");
    String subject = detail.requiredText("subject");
    String description = detail.optionalText("description");
    CaseStatus status = detail.requiredCode("status", upperCase(ZendeskTicketMapper.STATUS));
    CasePriority priority =
        detail.optionalCode("priority", upperCase(ZendeskTicketMapper.PRIORITY));
    String hubOrderId = detail.optionalText("external_id");
    Instant createdAt = detail.optionalInstant("created_at");
    Instant updatedAt = detail.optionalInstant("updated_at");
    List<String> tags = new ArrayList<>();
    JsonNode tagArray = detail.json().get("tags");
    if (tagArray != null && tagArray.isArray()) {
      tagArray.forEach(tag -> tags.add(tag.asText()));
    }
    return context.build(
        () ->
            new ServiceCase(
                String.valueOf(id),
                subject,
                description,
                status,
                priority,
                null,
                null,
                hubOrderId,
                null,
                null,
                tags,
                createdAt,
                updatedAt,
                Map.of(Platform.SERVICEDESK, String.valueOf(id))));
  }

  private static <V> Map<String, V> upperCase(Map<String, V> table) {
    Map<String, V> upper = new java.util.HashMap<>();
    table.forEach((code, value) -> upper.put(code.toUpperCase(Locale.ROOT), value));
    return upper;
  }
}
