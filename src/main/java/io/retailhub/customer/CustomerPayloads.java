package io.retailhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Golden attribute values to each platform's write body. Attributes a platform has no field for are
 * left out, never squeezed into another field.
 */
public final class CustomerPayloads {
  private CustomerPayloads() {}

  /** Contact upsert body ({@code Golden_Customer_Id__c} is the key, not part of the body). */
  public static ObjectNode salesforceContact(Map<String, JsonNode> values) {
    ObjectNode contact = JsonNodeFactory.instance.objectNode();
    copy(values, "firstName", contact, "FirstName");
    copy(values, "lastName", contact, "LastName");
    copy(values, "email", contact, "Email");
    copy(values, "phone", contact, "Phone");
    copy(values, "loyaltyId", contact, "Loyalty_Id__c");
    JsonNode consent = values.get("marketingConsent");
    if (consent != null && consent.isBoolean()) {
      contact.put("HasOptedOutOfEmail", !consent.asBoolean());
    }
    // a Contact has one postal address; the billing address is the one agents need on the record
    JsonNode billing = values.get("billingAddress");
    if (billing != null && billing.isObject()) {
      copy(billing, "line1", contact, "MailingStreet");
      copy(billing, "city", contact, "MailingCity");
      copy(billing, "postalCode", contact, "MailingPostalCode");
      copy(billing, "countryCode", contact, "MailingCountry");
    }
    return contact;
  }

  /** {@code A_BusinessPartnerAddress} PATCH body: address, e-mail and phone. */
  public static ObjectNode erpAddress(Map<String, JsonNode> values) {
    ObjectNode address = JsonNodeFactory.instance.objectNode();
    copy(values, "email", address, "EmailAddress");
    copy(values, "phone", address, "PhoneNumber");
    JsonNode billing = values.get("billingAddress");
    if (billing != null && billing.isObject()) {
      // the canonical line is sent whole as StreetName: it does not split off the house number
      copy(billing, "line1", address, "StreetName");
      copy(billing, "city", address, "CityName");
      copy(billing, "postalCode", address, "PostalCode");
      copy(billing, "countryCode", address, "Country");
    }
    return address;
  }

  /** {@code A_BusinessPartner} PATCH body: the names. */
  public static ObjectNode erpPartner(Map<String, JsonNode> values) {
    ObjectNode partner = JsonNodeFactory.instance.objectNode();
    copy(values, "firstName", partner, "FirstName");
    copy(values, "lastName", partner, "LastName");
    return partner;
  }

  /**
   * {@code A_BusinessPartner} deep-insert body: a person with one address carrying e-mail and
   * phone, the shape S/4HANA's API_BUSINESS_PARTNER accepts for a create. The golden ID goes in
   * {@code BusinessPartnerIDByExtSystem}, where the hub looks for the partner before it creates
   * one, so a create redone after a crash finds the first.
   */
  public static ObjectNode erpNewPartner(String goldenId, Map<String, JsonNode> values) {
    ObjectNode partner = erpPartner(values);
    partner.put("BusinessPartnerCategory", "1");
    partner.put("BusinessPartnerIDByExtSystem", goldenId);
    ObjectNode address = JsonNodeFactory.instance.objectNode();
    JsonNode billing = values.get("billingAddress");
    if (billing != null && billing.isObject()) {
      copy(billing, "line1", address, "StreetName");
      copy(billing, "city", address, "CityName");
      copy(billing, "postalCode", address, "PostalCode");
      copy(billing, "countryCode", address, "Country");
    }
    JsonNode email = values.get("email");
    if (email != null && !email.isNull()) {
      address
          .putObject("to_EmailAddress")
          .putArray("results")
          .addObject()
          .set("EmailAddress", email);
    }
    JsonNode phone = values.get("phone");
    if (phone != null && !phone.isNull()) {
      address.putObject("to_PhoneNumber").putArray("results").addObject().set("PhoneNumber", phone);
    }
    partner.putObject("to_BusinessPartnerAddress").putArray("results").add(address);
    return partner;
  }

  /** {@code users/create_or_update.json} body, matched by {@code external_id} = golden ID. */
  public static ObjectNode serviceDeskUser(String goldenId, Map<String, JsonNode> values) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode user = body.putObject("user");
    user.put("external_id", goldenId);
    copy(values, "email", user, "email");
    copy(values, "phone", user, "phone");
    JsonNode first = values.get("firstName");
    JsonNode last = values.get("lastName");
    if (last != null) {
      user.put("name", first == null ? last.asText() : first.asText() + " " + last.asText());
    }
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    copy(values, "loyaltyId", fields, "loyalty_id");
    copy(values, "loyaltyTier", fields, "loyalty_tier");
    copy(values, "segment", fields, "segment");
    if (!fields.isEmpty()) {
      user.set("user_fields", fields);
    }
    return body;
  }

  private static void copy(
      Map<String, JsonNode> values, String attribute, ObjectNode to, String field) {
    JsonNode value = values.get(attribute);
    if (value != null && !value.isNull()) {
      to.set(field, value);
    }
  }

  private static void copy(JsonNode from, String name, ObjectNode to, String field) {
    JsonNode value = from.get(name);
    if (value != null && !value.isNull()) {
      to.set(field, value);
    }
  }
}
