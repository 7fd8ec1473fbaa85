package io.retailhub.mapping.salesforce;

import io.retailhub.model.CasePriority;
import io.retailhub.model.CaseStatus;
import io.retailhub.model.Channel;
import io.retailhub.model.FulfilmentType;
import io.retailhub.model.OrderStatus;
import java.util.Map;

/** Salesforce picklist API values and their canonical meaning, in one place. */
final class SalesforceCodes {
  private SalesforceCodes() {}

  static final Map<String, OrderStatus> ORDER_STATUS =
      Map.of(
          "Draft", OrderStatus.DRAFT,
          "Activated", OrderStatus.PLACED,
          "Pending ERP", OrderStatus.PENDING_ERP,
          "Confirmed", OrderStatus.CONFIRMED,
          "Shipped", OrderStatus.SHIPPED,
          "Delivered", OrderStatus.DELIVERED,
          "Cancelled", OrderStatus.CANCELLED);

  /** Fulfilment_Type__c picklist API names are the canonical constant names. */
  static final Map<String, FulfilmentType> FULFILMENT_TYPE =
      Map.of(
          "SHIP_TO_HOME", FulfilmentType.SHIP_TO_HOME,
          "PICKUP_IN_STORE", FulfilmentType.PICKUP_IN_STORE,
          "MARKETPLACE", FulfilmentType.MARKETPLACE);

  /** The standard Order.Type picklist, with the values the hub's org defines. */
  static final Map<String, Channel> ORDER_TYPE =
      Map.of(
          "Web", Channel.WEB,
          "App", Channel.APP,
          "Store", Channel.STORE,
          "Call Center", Channel.CALL_CENTER,
          "Marketplace", Channel.MARKETPLACE);

  /** The standard Case.Status values; Salesforce has no "pending" or "solved", they collapse. */
  static final Map<CaseStatus, String> CASE_STATUS =
      Map.of(
          CaseStatus.NEW, "New",
          CaseStatus.OPEN, "Working",
          CaseStatus.PENDING, "Working",
          CaseStatus.ON_HOLD, "Escalated",
          CaseStatus.SOLVED, "Closed",
          CaseStatus.CLOSED, "Closed");

  static final Map<CasePriority, String> CASE_PRIORITY =
      Map.of(
          CasePriority.LOW, "Low",
          CasePriority.NORMAL, "Medium",
          CasePriority.HIGH, "High",
          CasePriority.URGENT, "High");

  static <V> String codeOf(Map<String, V> table, V value) {
    return table.entrySet().stream()
        .filter(entry -> entry.getValue() == value)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no Salesforce value for " + value));
  }
}
