package io.retailhub.mapping.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.Customer;
import io.retailhub.model.OrderStatus;
import io.retailhub.model.OrderStatusChanged;
import io.retailhub.model.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Salesforce Change Data Capture events (the decoded payload, or the CometD message that wraps it
 * in {@code data.payload}) to canonical changes.
 */
public final class SalesforceChangeEventMapper {
  private SalesforceChangeEventMapper() {}

  public static SalesforceChangeEvent parse(JsonNode message) {
    JsonNode payload = message;
    if (message != null && message.path("data").has("payload")) {
      payload = message.path("data").get("payload");
    }
    MappingContext context = MappingContext.of("salesforce:ChangeEvent");
    PayloadNode root = context.root(payload);
    PayloadNode header = root.requiredObject("ChangeEventHeader");
    String entityName = header.requiredText("entityName");
    SalesforceChangeType changeType =
        header.requiredCode("changeType", SalesforceChangeType.BY_WIRE_CODE);
    List<String> recordIds = texts(header, "recordIds", true);
    List<String> changedFields = texts(header, "changedFields", false);
    String transactionKey = header.requiredText("transactionKey");
    Long sequenceNumber = header.requiredLong("sequenceNumber");
    Long commitMillis = header.requiredLong("commitTimestamp");
    Long commitNumber = header.requiredLong("commitNumber");
    ObjectNode fields = root.json().isObject() ? ((ObjectNode) root.json()).deepCopy() : null;
    if (fields != null) {
      fields.remove("ChangeEventHeader");
    }
    return context.build(
        () ->
            new SalesforceChangeEvent(
                entityName,
                changeType,
                recordIds,
                changedFields,
                transactionKey,
                sequenceNumber,
                Instant.ofEpochMilli(commitMillis),
                commitNumber,
                fields));
  }

  private static List<String> texts(PayloadNode header, String field, boolean required) {
    List<String> values = new ArrayList<>();
    JsonNode array = header.json().get(field);
    if (array == null || !array.isArray()) {
      if (required) {
        header.violation(field, "is required");
      }
      return values;
    }
    array.forEach(value -> values.add(value.asText()));
    if (required && values.isEmpty()) {
      header.violation(field, "must not be empty");
    }
    return values;
  }

  /**
   * The customer a Contact CREATE event describes. An UPDATE or gap event is partial: use {@link
   * SalesforceChangeEvent#needsRecordFetch()} and map the fetched Contact instead.
   */
  public static Customer customerOf(SalesforceChangeEvent event) {
    MappingContext context = MappingContext.of("salesforce:ContactChangeEvent");
    if (!"Contact".equals(event.entityName())) {
      context.violation(
          "ChangeEventHeader.entityName", "expected 'Contact', was '" + event.entityName() + "'");
    }
    if (event.needsRecordFetch()) {
      context.violation(
          "ChangeEventHeader.changeType",
          event.changeType() + " is partial; read the Contact and map it with fromContact");
    }
    context.failIfViolated();
    ObjectNode fields = event.fields().deepCopy();
    fields.put("Id", event.recordIds().get(0));
    return SalesforceCustomerMapper.readContact(context, context.root(fields));
  }

  /**
   * The status change an Order UPDATE carries when {@code Status} is among its changed fields. The
   * hub order ID comes from the event when it changed too, otherwise from {@code knownHubOrderId}
   * (the flow's lookup by record ID).
   */
  public static OrderStatusChanged orderStatusChangedOf(
      SalesforceChangeEvent event, String knownHubOrderId) {
    MappingContext context = MappingContext.of("salesforce:OrderChangeEvent");
    if (!"Order".equals(event.entityName())) {
      context.violation(
          "ChangeEventHeader.entityName", "expected 'Order', was '" + event.entityName() + "'");
    }
    if (!event.changedFields().contains("Status")
        && event.changeType() != SalesforceChangeType.CREATE) {
      context.violation("ChangeEventHeader.changedFields", "does not contain Status");
    }
    PayloadNode fields = context.root(event.fields());
    OrderStatus status = fields.requiredCode("Status", SalesforceCodes.ORDER_STATUS);
    String hubOrderId = fields.optionalText(SalesforceOrderMapper.EXTERNAL_ID_FIELD);
    String resolvedHubOrderId = hubOrderId != null ? hubOrderId : knownHubOrderId;
    if (resolvedHubOrderId == null) {
      fields.violation(
          SalesforceOrderMapper.EXTERNAL_ID_FIELD,
          "is required (not in the event and not resolved)");
    }
    String erpOrderNumber = fields.optionalText("ERP_Order_Number__c");
    return context.build(
        () ->
            new OrderStatusChanged(
                resolvedHubOrderId,
                erpOrderNumber,
                null,
                status,
                Platform.SALESFORCE,
                event.commitTimestamp(),
                event.commitNumber()));
  }
}
