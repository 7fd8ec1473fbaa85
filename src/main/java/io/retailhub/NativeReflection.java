package io.retailhub;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers for reflection, in a native image, every type Jackson reads or writes by reflection
 * (the canonical records and enums, and the mapper-level records that flows serialize) and every
 * class a route may call as a bean by name (the mappers, the schema catalog), since Camel finds
 * those methods reflectively. {@code NativeReflectionTest} fails when a new one is missing.
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
      io.retailhub.mapping.erp.ErpBusinessEventMapper.class,
      io.retailhub.mapping.erp.ErpBusinessPartnerMapper.class,
      io.retailhub.mapping.erp.ErpCustomerReturnMapper.class,
      io.retailhub.mapping.erp.ErpDeliveryMapper.class,
      io.retailhub.mapping.erp.ErpMaterialStockMapper.class,
      io.retailhub.mapping.erp.ErpPartnerChangeMapper.class,
      io.retailhub.mapping.erp.ErpSalesOrderMapper.class,
      io.retailhub.mapping.salesforce.SalesforceCaseMapper.class,
      io.retailhub.mapping.salesforce.SalesforceChangeEventMapper.class,
      io.retailhub.mapping.salesforce.SalesforceContactChangeMapper.class,
      io.retailhub.mapping.salesforce.SalesforceCustomerMapper.class,
      io.retailhub.mapping.salesforce.SalesforceInventoryMapper.class,
      io.retailhub.mapping.salesforce.SalesforceOrderMapper.class,
      io.retailhub.mapping.salesforce.SalesforceProductMapper.class,
      io.retailhub.mapping.servicedesk.ZendeskTicketMapper.class,
      io.retailhub.mapping.servicedesk.ZendeskUserEventMapper.class,
      io.retailhub.mapping.servicedesk.ZendeskUserMapper.class,
      io.retailhub.mapping.servicedesk.ZendeskWebhookMapper.class,
      io.retailhub.api.SchemaCatalog.class,
      io.retailhub.mapping.servicedesk.ZendeskComment.class
    })
public final class NativeReflection {
  private NativeReflection() {}
}
