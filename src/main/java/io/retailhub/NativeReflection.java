package io.retailhub;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers for reflection, in a native image, every type Jackson reads or writes by reflection:
 * the canonical records and enums, and the mapper-level records that flows serialize.
 */
@RegisterForReflection(
    targets = {
      io.retailhub.model.Address.class,
      io.retailhub.model.AddressType.class,
      io.retailhub.model.CasePriority.class,
      io.retailhub.model.CaseStatus.class,
      io.retailhub.model.Channel.class,
      io.retailhub.model.Customer.class,
      io.retailhub.model.Disposition.class,
      io.retailhub.model.FieldViolation.class,
      io.retailhub.model.FulfilmentType.class,
      io.retailhub.model.InventoryPosition.class,
      io.retailhub.model.ItemCondition.class,
      io.retailhub.model.Money.class,
      io.retailhub.model.Order.class,
      io.retailhub.model.OrderLine.class,
      io.retailhub.model.OrderStatus.class,
      io.retailhub.model.OrderStatusChanged.class,
      io.retailhub.model.Platform.class,
      io.retailhub.model.Price.class,
      io.retailhub.model.PriceType.class,
      io.retailhub.model.Product.class,
      io.retailhub.model.Refund.class,
      io.retailhub.model.RefundDecision.class,
      io.retailhub.model.ReturnLine.class,
      io.retailhub.model.ReturnReason.class,
      io.retailhub.model.ReturnRequest.class,
      io.retailhub.model.ReturnStatus.class,
      io.retailhub.model.ServiceCase.class,
      io.retailhub.model.ShipmentEvent.class,
      io.retailhub.model.ShipmentLine.class,
      io.retailhub.mapping.erp.ErpSalesOrder.class,
      io.retailhub.mapping.erp.ErpEntityChange.class,
      io.retailhub.mapping.erp.ErpSettings.class,
      io.retailhub.mapping.salesforce.SalesforceChangeEvent.class,
      io.retailhub.mapping.salesforce.SalesforceChangeType.class,
      io.retailhub.mapping.servicedesk.ZendeskComment.class
    })
public final class NativeReflection {
  private NativeReflection() {}
}
