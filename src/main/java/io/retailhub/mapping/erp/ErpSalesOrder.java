package io.retailhub.mapping.erp;

import io.retailhub.model.Money;
import io.retailhub.model.OrderStatus;
import java.time.Instant;

/**
 * What the hub needs from an ERP sales order: its number, the hub order ID it was created for
 * ({@code PurchaseOrderByCustomer}), the canonical status and net value.
 */
public record ErpSalesOrder(
    String salesOrder,
    String hubOrderId,
    OrderStatus status,
    Money totalNetAmount,
    Instant lastChangedAt) {}
