package io.retailhub.mapping.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.retailhub.customer.PlatformCustomerChange;
import io.retailhub.mapping.MappingException;
import io.retailhub.model.FieldViolation;
import io.retailhub.model.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contact and Account change events to platform customer changes. A Contact change event: A CREATE
 * carries every set field, an UPDATE only the changed ones, so the attributes are partial like the
 * ERP's; the Mailing address is the Contact's one postal address, which the hub treats as the
 * billing address (the same pairing as {@code CustomerPayloads.salesforceContact}).
 */
public final class SalesforceContactChangeMapper {
  static final String SOURCE = "salesforce:ContactChangeEvent";
  static final String ACCOUNT_SOURCE = "salesforce:AccountChangeEvent";

  private SalesforceContactChangeMapper() {}

  public static PlatformCustomerChange changeOf(SalesforceChangeEvent event) {
    if (!"Contact".equals(event.entityName())) {
      throw new MappingException(
          SOURCE,
          List.of(
              new FieldViolation(
                  "ChangeEventHeader.entityName",
                  "expected 'Contact', was '" + event.entityName() + "'")));
    }
    if (event.changeType().isGap()) {
      throw new MappingException(
          SOURCE,
          List.of(
              new FieldViolation(
                  "ChangeEventHeader.changeType",
                  event.changeType() + " carries no field values; read the Contact instead")));
    }
    JsonNode fields =
        event.fields() == null ? JsonNodeFactory.instance.objectNode() : event.fields();
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    putText(attributes, "firstName", fields, "FirstName");
    putText(attributes, "lastName", fields, "LastName");
    putText(attributes, "email", fields, "Email");
    putText(attributes, "phone", fields, "Phone");
    putText(attributes, "loyaltyId", fields, "Loyalty_Id__c");
    JsonNode optedOut = fields.get("HasOptedOutOfEmail");
    if (optedOut != null && optedOut.isBoolean()) {
      attributes.put("marketingConsent", BooleanNode.valueOf(!optedOut.asBoolean()));
    }
    ObjectNode billing = JsonNodeFactory.instance.objectNode();
    putField(billing, "line1", fields, "MailingStreet");
    putField(billing, "city", fields, "MailingCity");
    putField(billing, "postalCode", fields, "MailingPostalCode");
    putField(billing, "countryCode", fields, "MailingCountry");
    if (!billing.isEmpty()) {
      attributes.put("billingAddress", billing);
    }
    return new PlatformCustomerChange(
        Platform.SALESFORCE,
        event.recordIds().get(0),
        text(fields, "Golden_Customer_Id__c"),
        text(fields, "Email"),
        event.commitTimestamp(),
        attributes);
  }

  /**
   * An Account change event to a change of the customer whose Contact is {@code contactId}: the
   * Account is the person's company record in this org, so its phone and billing address are the
   * customer's. The Contact is the record the hub links, so the change is reported on it.
   */
  public static PlatformCustomerChange accountChangeOf(
      SalesforceChangeEvent event, String contactId) {
    if (!"Account".equals(event.entityName())) {
      throw new MappingException(
          ACCOUNT_SOURCE,
          List.of(
              new FieldViolation(
                  "ChangeEventHeader.entityName",
                  "expected 'Account', was '" + event.entityName() + "'")));
    }
    if (event.changeType().isGap()) {
      throw new MappingException(
          ACCOUNT_SOURCE,
          List.of(
              new FieldViolation(
                  "ChangeEventHeader.changeType",
                  event.changeType() + " carries no field values; read the Account instead")));
    }
    JsonNode fields =
        event.fields() == null ? JsonNodeFactory.instance.objectNode() : event.fields();
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    putText(attributes, "phone", fields, "Phone");
    ObjectNode billing = JsonNodeFactory.instance.objectNode();
    putField(billing, "line1", fields, "BillingStreet");
    putField(billing, "city", fields, "BillingCity");
    putField(billing, "postalCode", fields, "BillingPostalCode");
    putField(billing, "countryCode", fields, "BillingCountry");
    if (!billing.isEmpty()) {
      attributes.put("billingAddress", billing);
    }
    return new PlatformCustomerChange(
        Platform.SALESFORCE,
        contactId,
        text(fields, "Golden_Customer_Id__c"),
        null,
        event.commitTimestamp(),
        attributes);
  }

  private static String text(JsonNode fields, String field) {
    JsonNode node = fields.get(field);
    return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
  }

  private static void putText(
      Map<String, JsonNode> attributes, String attribute, JsonNode fields, String field) {
    String value = text(fields, field);
    if (value != null) {
      attributes.put(attribute, TextNode.valueOf(value));
    }
  }

  private static void putField(ObjectNode target, String name, JsonNode fields, String field) {
    String value = text(fields, field);
    if (value != null) {
      target.put(name, value);
    }
  }
}
