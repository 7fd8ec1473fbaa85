package io.retailhub.mapping.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.mapping.SapDates;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Disposition;
import io.retailhub.model.ItemCondition;
import io.retailhub.model.Money;
import io.retailhub.model.Platform;
import io.retailhub.model.Refund;
import io.retailhub.model.RefundDecision;
import io.retailhub.model.ReturnLine;
import io.retailhub.model.ReturnReason;
import io.retailhub.model.ReturnRequest;
import io.retailhub.model.ReturnStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Canonical returns to and from {@code API_CUSTOMER_RETURN_SRV} {@code A_CustomerReturn}. The hub's
 * return ID travels as {@code PurchaseOrderByCustomer}; the original order as {@code
 * ReferenceSDDocument}. Inspection results (condition, disposition) live on the items in the
 * extension fields {@code YY1_ItemCondition_SDI} and {@code YY1_Disposition_SDI}.
 */
public final class ErpCustomerReturnMapper {
  static final String ENTITY = "A_CustomerReturn";
  static final String ITEM_CONDITION = "YY1_ItemCondition_SDI";
  static final String DISPOSITION = "YY1_Disposition_SDI";

  /** OverallSDProcessStatus of a return: A open, B in inspection, C closed. */
  private static final Map<String, ReturnStatus> RETURN_STATUS =
      Map.of("A", ReturnStatus.REQUESTED, "B", ReturnStatus.INSPECTED, "C", ReturnStatus.CLOSED);

  private ErpCustomerReturnMapper() {}

  /** The deep-insert body of {@code POST /A_CustomerReturn}. */
  public static ObjectNode toCustomerReturnCreate(
      ReturnRequest request, String soldToParty, ErpSettings settings) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("CustomerReturnType", settings.customerReturnType());
    body.put("SalesOrganization", settings.salesOrganization());
    body.put("DistributionChannel", settings.distributionChannel());
    body.put("OrganizationDivision", settings.organizationDivision());
    body.put("SoldToParty", soldToParty);
    body.put("PurchaseOrderByCustomer", request.returnId());
    if (request.erpOrderNumber() != null) {
      body.put("ReferenceSDDocument", request.erpOrderNumber());
    }
    body.put("CustomerReturnDate", SapDates.format(request.requestedAt()));
    ArrayNode items = body.putObject("to_Item").putArray("results");
    int itemNumber = 10;
    for (ReturnLine line : request.lines()) {
      ObjectNode item = items.addObject();
      item.put("CustomerReturnItem", String.valueOf(itemNumber));
      item.put("Material", line.sku());
      item.put("RequestedQuantity", ErpOData.quantity(line.quantity()));
      item.put("RequestedQuantityUnit", settings.quantityUnit());
      item.put("ReturnReason", ErpCodes.codeOf(ErpCodes.RETURN_REASON, line.reason()));
      itemNumber += 10;
    }
    return body;
  }

  /** A return as the ERP holds it; the hub order ID is not known there and stays null. */
  public static ReturnRequest returnRequestOf(JsonNode response) {
    MappingContext context = MappingContext.of("erp:" + ENTITY);
    PayloadNode header = context.root(ErpOData.entity(response, ENTITY));
    String erpReturn = header.requiredText("CustomerReturn");
    String returnId = header.requiredText("PurchaseOrderByCustomer");
    String salesOrder = header.requiredText("ReferenceSDDocument");
    ReturnStatus status = header.requiredCode("OverallSDProcessStatus", RETURN_STATUS);
    if (ErpCodes.FULLY_REJECTED.equals(header.optionalText("OverallSDDocumentRejectionSts"))) {
      status = ReturnStatus.REJECTED;
    }
    Instant requestedAt = header.requiredSapDate("CustomerReturnDate");
    List<ReturnLine> lines =
        header
            .requiredObject("to_Item")
            .mapArray(
                "results",
                true,
                item -> {
                  String material = item.requiredText("Material");
                  Long quantity = item.requiredQuantity("RequestedQuantity");
                  ReturnReason reason = item.requiredCode("ReturnReason", ErpCodes.RETURN_REASON);
                  ItemCondition condition =
                      item.optionalCode(ITEM_CONDITION, ErpCodes.ITEM_CONDITION);
                  Disposition disposition = item.optionalCode(DISPOSITION, ErpCodes.DISPOSITION);
                  return context.attempt(
                      item.pathOf("RequestedQuantity"),
                      () -> new ReturnLine(material, quantity, reason, condition, disposition),
                      material,
                      quantity,
                      reason);
                });
    ReturnStatus finalStatus = status;
    return context.build(
        () ->
            new ReturnRequest(
                returnId,
                null,
                salesOrder,
                null,
                finalStatus,
                lines,
                requestedAt,
                Map.of(Platform.ERP, erpReturn)));
  }

  /**
   * The refund decision an ERP return carries once it is decided: rejected when every item is
   * rejected, otherwise approved for the net value (partially when some items are rejected). An
   * undecided return (still open) is not a decision and is refused.
   */
  public static Refund refundOf(JsonNode response) {
    MappingContext context = MappingContext.of("erp:" + ENTITY);
    PayloadNode header = context.root(ErpOData.entity(response, ENTITY));
    String returnId = header.requiredText("PurchaseOrderByCustomer");
    String erpReturn = header.requiredText("CustomerReturn");
    String processStatus = header.requiredText("OverallSDProcessStatus");
    String rejection = header.optionalText("OverallSDDocumentRejectionSts");
    BigDecimal net = header.requiredDecimal("TotalNetAmount");
    String currency = header.requiredCurrency("TransactionCurrency");
    Instant decidedAt = header.requiredSapDate("LastChangeDateTime");
    RefundDecision decision = null;
    if ("C".equals(rejection)) {
      decision = RefundDecision.REJECTED;
    } else if ("B".equals(rejection)) {
      decision = RefundDecision.PARTIALLY_APPROVED;
    } else if ("C".equals(processStatus)) {
      decision = RefundDecision.APPROVED;
    } else if (processStatus != null) {
      header.violation(
          "OverallSDProcessStatus", "return '" + processStatus + "' is not decided yet");
    }
    RefundDecision finalDecision = decision;
    BigDecimal refunded = decision == RefundDecision.REJECTED ? BigDecimal.ZERO : net;
    Money amount =
        context.attempt("TotalNetAmount", () -> new Money(refunded, currency), refunded, currency);
    return context.build(
        () -> new Refund(returnId, erpReturn, null, finalDecision, amount, null, decidedAt));
  }
}
