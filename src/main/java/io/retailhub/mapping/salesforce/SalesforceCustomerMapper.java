package io.retailhub.mapping.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.Address;
import io.retailhub.model.AddressType;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Customer;
import io.retailhub.model.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Customers to and from Salesforce Contact (the person) and Account (the household it belongs to),
 * both keyed by the external ID {@code Golden_Customer_Id__c}. Marketing consent is the inverse of
 * {@code HasOptedOutOfEmail}.
 */
public final class SalesforceCustomerMapper {
  public static final String EXTERNAL_ID_FIELD = "Golden_Customer_Id__c";

  private SalesforceCustomerMapper() {}

  /** A Contact record (GET or query result, optionally with the {@code Account} relationship). */
  public static Customer fromContact(JsonNode contact) {
    MappingContext context = MappingContext.of("salesforce:Contact");
    PayloadNode node = context.root(contact);
    return readContact(context, node);
  }

  static Customer readContact(MappingContext context, PayloadNode node) {
    String goldenId = node.requiredText(EXTERNAL_ID_FIELD);
    String id = node.optionalText("Id");
    String accountId = node.optionalText("AccountId");
    String firstName = node.optionalText("FirstName");
    String lastName = node.requiredText("LastName");
    String email = node.optionalText("Email");
    String phone = node.optionalText("Phone");
    String loyaltyId = node.optionalText("Loyalty_Id__c");
    Boolean optedOut = node.optionalBoolean("HasOptedOutOfEmail");
    Instant updatedAt = node.optionalInstant("LastModifiedDate");
    List<Address> addresses = new ArrayList<>();
    String street = node.optionalText("MailingStreet");
    if (street != null) {
      String city = node.requiredText("MailingCity");
      String country = node.requiredText("MailingCountryCode");
      String postalCode = node.optionalText("MailingPostalCode");
      String region = node.optionalText("MailingStateCode");
      Address mailing =
          context.attempt(
              node.pathOf("MailingCountryCode"),
              () ->
                  new Address(
                      AddressType.SHIPPING, street, null, city, postalCode, region, country),
              city,
              country);
      if (mailing != null) {
        addresses.add(mailing);
      }
    }
    Map<Platform, String> ids = new EnumMap<>(Platform.class);
    if (id != null) {
      ids.put(Platform.SALESFORCE, id);
    }
    Boolean consent = optedOut == null ? null : !optedOut;
    return context.build(
        () ->
            new Customer(
                goldenId, firstName, lastName, email, phone, addresses, loyaltyId, consent, ids,
                updatedAt));
  }

  /**
   * The PATCH body of {@code sobjects/Contact/Golden_Customer_Id__c/<goldenId>}; the Account is
   * linked by its own external ID, so no Salesforce ID lookup is needed.
   */
  public static ObjectNode toContactUpsert(Customer customer) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    if (customer.firstName() != null) {
      body.put("FirstName", customer.firstName());
    }
    body.put("LastName", customer.lastName());
    putIfPresent(body, "Email", customer.email());
    putIfPresent(body, "Phone", customer.phone());
    putIfPresent(body, "Loyalty_Id__c", customer.loyaltyId());
    if (customer.marketingConsent() != null) {
      body.put("HasOptedOutOfEmail", !customer.marketingConsent());
    }
    customer.addresses().stream()
        .filter(address -> address.type() == AddressType.SHIPPING)
        .findFirst()
        .or(() -> customer.addresses().stream().findFirst())
        .ifPresent(
            address -> {
              body.put("MailingStreet", address.line1());
              body.put("MailingCity", address.city());
              putIfPresent(body, "MailingPostalCode", address.postalCode());
              putIfPresent(body, "MailingStateCode", address.region());
              body.put("MailingCountryCode", address.countryCode());
            });
    body.putObject("Account").put(EXTERNAL_ID_FIELD, customer.goldenId());
    return body;
  }

  /** The PATCH body of {@code sobjects/Account/Golden_Customer_Id__c/<goldenId>}. */
  public static ObjectNode toAccountUpsert(Customer customer) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    String name =
        customer.firstName() == null
            ? customer.lastName()
            : customer.firstName() + " " + customer.lastName();
    body.put("Name", name);
    putIfPresent(body, "Phone", customer.phone());
    customer.addresses().stream()
        .filter(address -> address.type() == AddressType.BILLING)
        .findFirst()
        .ifPresent(
            address -> {
              body.put("BillingStreet", address.line1());
              body.put("BillingCity", address.city());
              putIfPresent(body, "BillingPostalCode", address.postalCode());
              body.put("BillingCountryCode", address.countryCode());
            });
    return body;
  }

  public static String contactUpsertPath(Customer customer) {
    return "sobjects/Contact/" + EXTERNAL_ID_FIELD + "/" + customer.goldenId();
  }

  public static String accountUpsertPath(Customer customer) {
    return "sobjects/Account/" + EXTERNAL_ID_FIELD + "/" + customer.goldenId();
  }

  static void putIfPresent(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}
