package io.retailhub.mapping.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.Address;
import io.retailhub.model.AddressType;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Customer;
import io.retailhub.model.Platform;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customers to and from {@code API_BUSINESS_PARTNER} {@code A_BusinessPartner} (category 1,
 * person). The golden ID is {@code BusinessPartnerIDByExtSystem}. The ERP keeps no loyalty ID and
 * no marketing consent; they are left null here (unknown), never defaulted.
 */
public final class ErpBusinessPartnerMapper {
  static final String ENTITY = "A_BusinessPartner";
  static final String PERSON = "1";

  private ErpBusinessPartnerMapper() {}

  public static Customer customerOf(JsonNode response) {
    MappingContext context = MappingContext.of("erp:" + ENTITY);
    PayloadNode bp = context.root(ErpOData.entity(response, ENTITY));
    String partner = bp.requiredText("BusinessPartner");
    String goldenId = bp.requiredText("BusinessPartnerIDByExtSystem");
    String category = bp.requiredText("BusinessPartnerCategory");
    if (category != null && !PERSON.equals(category)) {
      bp.violation("BusinessPartnerCategory", "must be '1' (person), was '" + category + "'");
    }
    String firstName = bp.optionalText("FirstName");
    String lastName = bp.requiredText("LastName");
    List<PayloadNode> addressNodes =
        bp.optionalObject("to_BusinessPartnerAddress")
            .map(node -> node.array("results", false))
            .orElse(List.of());
    List<Address> addresses =
        addressNodes.stream()
            .map(
                node -> {
                  String street = node.requiredText("StreetName");
                  String house = node.optionalText("HouseNumber");
                  String city = node.requiredText("CityName");
                  String postalCode = node.optionalText("PostalCode");
                  String region = node.optionalText("Region");
                  String country = node.requiredText("Country");
                  String line1 =
                      street == null ? null : house == null ? street : house + " " + street;
                  return context.attempt(
                      node.pathOf("Country"),
                      () ->
                          new Address(
                              AddressType.BILLING, line1, null, city, postalCode, region, country),
                      line1,
                      city,
                      country);
                })
            .filter(java.util.Objects::nonNull)
            .toList();
    String email =
        addressNodes.stream()
            .findFirst()
            .flatMap(node -> firstOf(node, "to_EmailAddress", "EmailAddress"))
            .orElse(null);
    String phone =
        addressNodes.stream()
            .findFirst()
            .flatMap(node -> firstOf(node, "to_PhoneNumber", "InternationalPhoneNumber"))
            .orElse(null);
    return context.build(
        () ->
            new Customer(
                goldenId,
                firstName,
                lastName,
                email,
                phone,
                addresses,
                null,
                null,
                Map.of(Platform.ERP, partner),
                null));
  }

  private static Optional<String> firstOf(PayloadNode address, String navigation, String field) {
    return address
        .optionalObject(navigation)
        .flatMap(node -> node.array("results", false).stream().findFirst())
        .map(node -> node.optionalText(field));
  }

  /**
   * The body of a business partner create ({@code POST}) or, without the key, a {@code MERGE}. The
   * street line is sent whole as {@code StreetName}: the canonical address does not split off the
   * house number.
   */
  public static ObjectNode toBusinessPartner(Customer customer) {
    ObjectNode bp = CanonicalJson.mapper().createObjectNode();
    String partner = customer.platformId(Platform.ERP);
    if (partner != null) {
      bp.put("BusinessPartner", partner);
    }
    bp.put("BusinessPartnerCategory", PERSON);
    bp.put("BusinessPartnerIDByExtSystem", customer.goldenId());
    if (customer.firstName() != null) {
      bp.put("FirstName", customer.firstName());
    }
    bp.put("LastName", customer.lastName());
    var results = bp.putObject("to_BusinessPartnerAddress").putArray("results");
    for (Address address : customer.addresses()) {
      ObjectNode node = results.addObject();
      node.put("StreetName", address.line1());
      node.put("CityName", address.city());
      if (address.postalCode() != null) {
        node.put("PostalCode", address.postalCode());
      }
      if (address.region() != null) {
        node.put("Region", address.region());
      }
      node.put("Country", address.countryCode());
      if (results.size() == 1 && customer.email() != null) {
        node.putObject("to_EmailAddress")
            .putArray("results")
            .addObject()
            .put("EmailAddress", customer.email());
      }
      if (results.size() == 1 && customer.phone() != null) {
        node.putObject("to_PhoneNumber")
            .putArray("results")
            .addObject()
            .put("InternationalPhoneNumber", customer.phone());
      }
    }
    return bp;
  }
}
