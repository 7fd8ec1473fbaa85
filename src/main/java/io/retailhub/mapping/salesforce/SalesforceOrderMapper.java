package io.retailhub.mapping.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.Address;
import io.retailhub.model.AddressType;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Channel;
import io.retailhub.model.FulfilmentType;
import io.retailhub.model.Money;
import io.retailhub.model.Order;
import io.retailhub.model.OrderLine;
import io.retailhub.model.OrderStatus;
import io.retailhub.model.Platform;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical orders from a Salesforce Order queried with its OrderItems (SOQL sub-query) and the
 * Account's golden ID; canonical status updates back to the Order by its external ID {@code
 * Hub_Order_Id__c}. The marketplace's order reference is the standard {@code PoNumber}; the store
 * of a pickup order is {@code Pickup_Location__c}; the channel is the standard {@code Type}
 * picklist.
 */
public final class SalesforceOrderMapper {
  public static final String EXTERNAL_ID_FIELD = "Hub_Order_Id__c";
  static final String ORDER_NUMBER_EXTENSION = "salesforce.OrderNumber";

  private SalesforceOrderMapper() {}

  public static Order fromOrder(JsonNode orderWithItems) {
    MappingContext context = MappingContext.of("salesforce:Order");
    PayloadNode order = context.root(orderWithItems);
    String id = order.requiredText("Id");
    String hubOrderId = order.requiredText(EXTERNAL_ID_FIELD);
    String orderNumber = order.optionalText("OrderNumber");
    OrderStatus status = order.requiredCode("Status", SalesforceCodes.ORDER_STATUS);
    Channel channel = order.requiredCode("Type", SalesforceCodes.ORDER_TYPE);
    FulfilmentType fulfilment =
        order.requiredCode("Fulfilment_Type__c", SalesforceCodes.FULFILMENT_TYPE);
    String currency = order.requiredCurrency("CurrencyIsoCode");
    BigDecimal total = order.requiredDecimal("TotalAmount");
    Instant placedAt = order.requiredInstant("CreatedDate");
    String goldenId =
        order.requiredObject("Account").requiredText(SalesforceCustomerMapper.EXTERNAL_ID_FIELD);
    String erpOrderNumber = order.optionalText("ERP_Order_Number__c");
    String marketplaceRef = order.optionalText("PoNumber");
    String pickupLocation = order.optionalText("Pickup_Location__c");
    Address shipping = null;
    String street = order.optionalText("ShippingStreet");
    if (street != null) {
      String city = order.requiredText("ShippingCity");
      String country = order.requiredText("ShippingCountryCode");
      String postalCode = order.optionalText("ShippingPostalCode");
      shipping =
          context.attempt(
              order.pathOf("ShippingCountryCode"),
              () ->
                  new Address(AddressType.SHIPPING, street, null, city, postalCode, null, country),
              city,
              country);
    }
    int[] lineNumber = {0};
    List<OrderLine> lines =
        order
            .requiredObject("OrderItems")
            .mapArray(
                "records",
                true,
                item -> {
                  lineNumber[0]++;
                  int number = lineNumber[0];
                  String sku = item.requiredObject("Product2").requiredText("StockKeepingUnit");
                  Long quantity = item.requiredQuantity("Quantity");
                  BigDecimal unitPrice = item.requiredDecimal("UnitPrice");
                  BigDecimal lineTotal = item.requiredDecimal("TotalPrice");
                  if (unitPrice != null && unitPrice.signum() < 0) {
                    item.violation("UnitPrice", "must not be negative, was " + unitPrice);
                  }
                  return context.attempt(
                      item.pathOf("UnitPrice"),
                      () ->
                          new OrderLine(
                              number,
                              sku,
                              quantity,
                              new Money(unitPrice, currency),
                              new Money(lineTotal, currency)),
                      sku,
                      quantity,
                      unitPrice,
                      lineTotal,
                      currency);
                });
    Money totalAmount =
        context.attempt("TotalAmount", () -> new Money(total, currency), total, currency);
    Map<Platform, String> ids = new EnumMap<>(Platform.class);
    if (id != null) {
      ids.put(Platform.SALESFORCE, id);
    }
    if (erpOrderNumber != null) {
      ids.put(Platform.ERP, erpOrderNumber);
    }
    Map<String, String> extensions =
        orderNumber == null ? Map.of() : Map.of(ORDER_NUMBER_EXTENSION, orderNumber);
    Address shippingAddress = shipping;
    return context.build(
        () ->
            new Order(
                hubOrderId,
                channel,
                fulfilment,
                marketplaceRef,
                goldenId,
                pickupLocation,
                shippingAddress,
                lines,
                totalAmount,
                status,
                placedAt,
                ids,
                extensions));
  }

  /** {@code sobjects/Order/Hub_Order_Id__c/<hubOrderId>}. */
  public static String upsertPath(String hubOrderId) {
    return "sobjects/Order/" + EXTERNAL_ID_FIELD + "/" + hubOrderId;
  }

  /**
   * The PATCH body that shows the ERP's progress on the Salesforce order. Null arguments are left
   * out, so an update never blanks a value written earlier.
   */
  public static ObjectNode toStatusUpdate(
      OrderStatus status, String erpOrderNumber, String trackingNumber) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("Status", SalesforceCodes.codeOf(SalesforceCodes.ORDER_STATUS, status));
    SalesforceCustomerMapper.putIfPresent(body, "ERP_Order_Number__c", erpOrderNumber);
    SalesforceCustomerMapper.putIfPresent(body, "Tracking_Number__c", trackingNumber);
    return body;
  }

  /**
   * The upsert body of an ERP progress report (a status change, a shipment, or both) for the Order
   * named by its external ID. Null arguments are left out, so a shipment never resets the status
   * and a status change never blanks a tracking number. {@code effectiveDate} and {@code accountId}
   * are what Salesforce requires when the upsert creates the Order (an order submitted through the
   * hub's API exists in Salesforce only from its first ERP status on); on an update they restate
   * values the Order already has.
   */
  public static ObjectNode toProgressUpsert(
      OrderStatus status,
      String erpOrderNumber,
      String trackingNumber,
      LocalDate effectiveDate,
      String accountId) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    if (status != null) {
      body.put("Status", SalesforceCodes.codeOf(SalesforceCodes.ORDER_STATUS, status));
    }
    SalesforceCustomerMapper.putIfPresent(body, "ERP_Order_Number__c", erpOrderNumber);
    SalesforceCustomerMapper.putIfPresent(body, "Tracking_Number__c", trackingNumber);
    if (effectiveDate != null) {
      body.put("EffectiveDate", effectiveDate.toString());
    }
    SalesforceCustomerMapper.putIfPresent(body, "AccountId", accountId);
    return body;
  }
}
