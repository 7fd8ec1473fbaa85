package io.retailhub.mapping.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.retailhub.customer.PlatformCustomerChange;
import io.retailhub.mapping.MappingException;
import io.retailhub.model.FieldViolation;
import io.retailhub.model.Platform;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code BusinessPartner.Changed.v1} event data (keys + changed fields) to a platform customer
 * change. The ERP address is the billing address; an event carries only the changed address fields,
 * so {@code billingAddress} is partial and completed from the golden record downstream.
 */
public final class ErpPartnerChangeMapper {
  static final String SOURCE = "erp:BusinessPartner.Changed";

  private ErpPartnerChangeMapper() {}

  public static PlatformCustomerChange changeOf(JsonNode data) {
    List<FieldViolation> violations = new ArrayList<>();
    if (data == null || !data.isObject()) {
      throw new MappingException(SOURCE, List.of(new FieldViolation("data", "must be an object")));
    }
    String partner = text(data, "BusinessPartner");
    if (partner == null) {
      violations.add(new FieldViolation("BusinessPartner", "is required"));
    }
    Instant changedAt = null;
    String changed = text(data, "LastChangeDateTime");
    if (changed == null) {
      violations.add(new FieldViolation("LastChangeDateTime", "is required"));
    } else {
      try {
        changedAt = Instant.parse(changed);
      } catch (DateTimeParseException e) {
        violations.add(new FieldViolation("LastChangeDateTime", "is not an ISO-8601 instant"));
      }
    }
    if (!violations.isEmpty()) {
      throw new MappingException(SOURCE, violations);
    }
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    putText(attributes, "firstName", data, "FirstName");
    putText(attributes, "lastName", data, "LastName");
    putText(attributes, "email", data, "EmailAddress");
    putText(attributes, "phone", data, "PhoneNumber");
    ObjectNode billing = JsonNodeFactory.instance.objectNode();
    String street = text(data, "StreetName");
    String house = text(data, "HouseNumber");
    if (street != null) {
      billing.put("line1", house == null ? street : house + " " + street);
    }
    putField(billing, "city", data, "CityName");
    putField(billing, "postalCode", data, "PostalCode");
    putField(billing, "countryCode", data, "Country");
    if (!billing.isEmpty()) {
      attributes.put("billingAddress", billing);
    }
    return new PlatformCustomerChange(
        Platform.ERP, partner, null, text(data, "EmailAddress"), changedAt, attributes);
  }

  private static String text(JsonNode data, String field) {
    JsonNode node = data.get(field);
    return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
  }

  private static void putText(
      Map<String, JsonNode> attributes, String attribute, JsonNode data, String field) {
    String value = text(data, field);
    if (value != null) {
      attributes.put(attribute, TextNode.valueOf(value));
    }
  }

  private static void putField(ObjectNode target, String name, JsonNode data, String field) {
    String value = text(data, field);
    if (value != null) {
      target.put(name, value);
    }
  }
}
