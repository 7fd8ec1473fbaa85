package io.retailhub.mapping.erp;

import java.util.Objects;

/**
 * The ERP organisational data the canonical model does not know but every SAP sales document needs.
 * They are configuration of the hub (one sales area), not data of an order.
 */
public record ErpSettings(
    String salesOrderType,
    String customerReturnType,
    String salesOrganization,
    String distributionChannel,
    String organizationDivision,
    String shippingPlant,
    String priceConditionType,
    String quantityUnit) {
  public ErpSettings {
    Objects.requireNonNull(salesOrderType, "salesOrderType");
    Objects.requireNonNull(customerReturnType, "customerReturnType");
    Objects.requireNonNull(salesOrganization, "salesOrganization");
    Objects.requireNonNull(distributionChannel, "distributionChannel");
    Objects.requireNonNull(organizationDivision, "organizationDivision");
    Objects.requireNonNull(shippingPlant, "shippingPlant");
    Objects.requireNonNull(priceConditionType, "priceConditionType");
    Objects.requireNonNull(quantityUnit, "quantityUnit");
  }

  /** The S/4HANA demo sales area (1010/10/00), standard order and return types, warehouse WH01. */
  public static ErpSettings standard() {
    return new ErpSettings("OR", "CBAR", "1010", "10", "00", "WH01", "PPR0", "EA");
  }
}
