package io.retailhub.mapping.erp;

import io.retailhub.model.Disposition;
import io.retailhub.model.ItemCondition;
import io.retailhub.model.OrderStatus;
import io.retailhub.model.ReturnReason;
import java.util.Map;

/**
 * The ERP's codes and their canonical meaning, in one place. Return reasons and inspection codes
 * are customizing in SAP; these are the values configured in the hub's ERP (documented in
 * docs/model.md).
 */
final class ErpCodes {
  private ErpCodes() {}

  /** OverallSDProcessStatus: A not yet processed, B partially processed, C completely processed. */
  static final Map<String, OrderStatus> SD_PROCESS_STATUS =
      Map.of("A", OrderStatus.CONFIRMED, "B", OrderStatus.SHIPPED, "C", OrderStatus.DELIVERED);

  /** OverallSDDocumentRejectionSts "C": every item rejected, i.e. the order is cancelled. */
  static final String FULLY_REJECTED = "C";

  static final Map<String, ReturnReason> RETURN_REASON =
      Map.of(
          "101", ReturnReason.DAMAGED,
          "102", ReturnReason.WRONG_ITEM,
          "103", ReturnReason.NOT_AS_DESCRIBED,
          "104", ReturnReason.SIZE_OR_FIT,
          "105", ReturnReason.CHANGED_MIND,
          "106", ReturnReason.LATE_DELIVERY);

  /** ReturnsMaterialInspectionCode-style condition codes recorded at inspection. */
  static final Map<String, ItemCondition> ITEM_CONDITION =
      Map.of(
          "0001", ItemCondition.NEW,
          "0002", ItemCondition.OPENED,
          "0003", ItemCondition.USED,
          "0004", ItemCondition.DAMAGED);

  /** Follow-up activity after inspection. */
  static final Map<String, Disposition> DISPOSITION =
      Map.of(
          "0001", Disposition.RESTOCK,
          "0002", Disposition.REFURBISH,
          "0003", Disposition.RETURN_TO_VENDOR,
          "0004", Disposition.SCRAP);

  static <V> String codeOf(Map<String, V> table, V value) {
    return table.entrySet().stream()
        .filter(entry -> entry.getValue() == value)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no ERP code for " + value));
  }
}
