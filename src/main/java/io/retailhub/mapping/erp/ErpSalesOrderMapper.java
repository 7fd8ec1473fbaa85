package io.retailhub.mapping.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.mapping.SapDates;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.FulfilmentType;
import io.retailhub.model.Money;
import io.retailhub.model.Order;
import io.retailhub.model.OrderLine;
import io.retailhub.model.OrderStatus;
import io.retailhub.model.OrderStatusChanged;
import io.retailhub.model.Platform;
import java.math.BigDecimal;
import java.time.Instant;

/** Canonical orders to and from {@code API_SALES_ORDER_SRV} {@code A_SalesOrder}. */
public final class ErpSalesOrderMapper {
  static final String ENTITY = "A_SalesOrder";

  private ErpSalesOrderMapper() {}

  /**
   * The deep-insert body of {@code POST /A_SalesOrder}. {@code PurchaseOrderByCustomer} is the hub
   * order ID, which makes creation idempotent: the ERP returns the existing order for a repeat.
   * Prices go in as a {@code PPR0}-style manual price condition per item, so the ERP bills what the
   * shop charged.
   *
   * @param soldToParty the customer's ERP business partner number
   */
  public static ObjectNode toSalesOrderCreate(
      Order order, String soldToParty, ErpSettings settings) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("SalesOrderType", settings.salesOrderType());
    body.put("SalesOrganization", settings.salesOrganization());
    body.put("DistributionChannel", settings.distributionChannel());
    body.put("OrganizationDivision", settings.organizationDivision());
    body.put("SoldToParty", soldToParty);
    body.put("PurchaseOrderByCustomer", order.hubOrderId());
    body.put("TransactionCurrency", order.totalAmount().currency());
    body.put("CustomerPurchaseOrderDate", SapDates.format(order.placedAt()));
    String plant =
        order.fulfilmentType() == FulfilmentType.PICKUP_IN_STORE
            ? order.pickupLocation()
            : settings.shippingPlant();
    ArrayNode items = body.putObject("to_Item").putArray("results");
    for (OrderLine line : order.lines()) {
      ObjectNode item = items.addObject();
      item.put("SalesOrderItem", String.valueOf(line.lineNumber() * 10));
      item.put("Material", line.sku());
      item.put("RequestedQuantity", ErpOData.quantity(line.quantity()));
      item.put("RequestedQuantityUnit", settings.quantityUnit());
      item.put("ProductionPlant", plant);
      ObjectNode price = item.putObject("to_PricingElement").putArray("results").addObject();
      price.put("ConditionType", settings.priceConditionType());
      price.put("ConditionRateValue", ErpOData.amount(line.unitPrice()));
      price.put("ConditionCurrency", line.unitPrice().currency());
    }
    return body;
  }

  /** The ERP's view of a sales order, from a create response or a GET (envelope or bare entity). */
  public static ErpSalesOrder fromSalesOrder(JsonNode response) {
    MappingContext context = MappingContext.of("erp:" + ENTITY);
    PayloadNode so = context.root(ErpOData.entity(response, ENTITY));
    String salesOrder = so.requiredText("SalesOrder");
    String hubOrderId = so.requiredText("PurchaseOrderByCustomer");
    OrderStatus processStatus =
        so.requiredCode("OverallSDProcessStatus", ErpCodes.SD_PROCESS_STATUS);
    String rejection = so.optionalText("OverallSDDocumentRejectionSts");
    BigDecimal net = so.requiredDecimal("TotalNetAmount");
    String currency = so.requiredCurrency("TransactionCurrency");
    Money total = context.attempt("TotalNetAmount", () -> new Money(net, currency), net, currency);
    Instant lastChange = so.optionalSapDate("LastChangeDateTime");
    OrderStatus status =
        ErpCodes.FULLY_REJECTED.equals(rejection) ? OrderStatus.CANCELLED : processStatus;
    return context.build(
        () -> new ErpSalesOrder(salesOrder, hubOrderId, status, total, lastChange));
  }

  /** The status change an ERP sales order means for the hub order it was created for. */
  public static OrderStatusChanged statusChangeOf(
      ErpSalesOrder erpOrder, OrderStatus previousStatus, Instant observedAt) {
    Instant changedAt = erpOrder.lastChangedAt() != null ? erpOrder.lastChangedAt() : observedAt;
    return new OrderStatusChanged(
        erpOrder.hubOrderId(),
        erpOrder.salesOrder(),
        previousStatus,
        erpOrder.status(),
        Platform.ERP,
        changedAt,
        null);
  }
}
