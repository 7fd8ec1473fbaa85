package io.retailhub.mapping.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.InventoryPosition;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Canonical positions to and from the custom object {@code Inventory_Position__c}, upserted by its
 * external ID {@code Position_Key__c} = {@code SKU@PLANT}. A custom object rather than Product2 or
 * Omnichannel Inventory: one record per SKU and location, writable by upsert in one call, with the
 * source sequence stored so that an older position never overwrites a newer one.
 */
public final class SalesforceInventoryMapper {
  public static final String SOBJECT = "Inventory_Position__c";
  public static final String EXTERNAL_ID_FIELD = "Position_Key__c";

  private SalesforceInventoryMapper() {}

  /**
   * {@code sobjects/Inventory_Position__c/Position_Key__c/SKU-0001@S001}, relative to the API root.
   */
  public static String upsertPath(InventoryPosition position) {
    return "sobjects/"
        + SOBJECT
        + "/"
        + EXTERNAL_ID_FIELD
        + "/"
        + URLEncoder.encode(position.key(), StandardCharsets.UTF_8).replace("%40", "@");
  }

  /** The PATCH body of an upsert by external ID; the key itself is in the path, not the body. */
  public static ObjectNode toUpsertBody(InventoryPosition position) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("SKU__c", position.sku());
    body.put("Location__c", position.location());
    body.put("On_Hand__c", position.onHand());
    body.put("Reserved__c", position.reserved());
    body.put("Available__c", position.available());
    body.put("As_Of__c", position.asOf().toString());
    body.put("Source_Sequence__c", position.sourceSequence());
    return body;
  }

  /** A record as returned by a GET or a query; its key must agree with its SKU and location. */
  public static InventoryPosition fromRecord(JsonNode record) {
    MappingContext context = MappingContext.of("salesforce:" + SOBJECT);
    PayloadNode node = context.root(record);
    String key = node.requiredText(EXTERNAL_ID_FIELD);
    String sku = node.requiredText("SKU__c");
    String location = node.requiredText("Location__c");
    Long onHand = node.requiredQuantity("On_Hand__c");
    Long reserved = node.requiredQuantity("Reserved__c");
    Long available = node.requiredLong("Available__c");
    Instant asOf = node.requiredInstant("As_Of__c");
    Long sequence = node.requiredQuantity("Source_Sequence__c");
    if (key != null && sku != null && location != null && !key.equals(sku + "@" + location)) {
      node.violation(EXTERNAL_ID_FIELD, "must be SKU__c@Location__c, was '" + key + "'");
    }
    return context.build(
        () -> new InventoryPosition(sku, location, onHand, reserved, available, asOf, sequence));
  }
}
