package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A service desk ticket with its links to the customer (golden ID) and the order (ERP number and,
 * where known, hub order ID). {@code orderStatus} and {@code trackingNumber} are what the hub last
 * wrote onto the ticket for the agent to see.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceCase(
    String ticketId,
    String subject,
    String description,
    CaseStatus status,
    CasePriority priority,
    String customerGoldenId,
    String erpOrderNumber,
    String hubOrderId,
    OrderStatus orderStatus,
    String trackingNumber,
    List<String> tags,
    Instant createdAt,
    Instant updatedAt,
    Map<Platform, String> platformIds) {
  public ServiceCase {
    Violations.of(ServiceCase.class)
        .notBlank("ticketId", ticketId)
        .notBlank("subject", subject)
        .required("status", status)
        .nested("tags", tags)
        .noNullKeysOrValues("platformIds", platformIds)
        .throwIfAny();
    tags = tags == null ? List.of() : List.copyOf(tags);
    platformIds = platformIds == null ? Map.of() : Map.copyOf(platformIds);
  }
}
