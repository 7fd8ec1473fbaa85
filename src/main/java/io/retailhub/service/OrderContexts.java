package io.retailhub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.retailhub.connector.erp.ErpDeliveryClient;
import io.retailhub.connector.erp.ErpSalesOrderClient;
import io.retailhub.connector.erp.ErpSalesOrderClient.ErpUnavailableException;
import io.retailhub.customer.CustomerStore;
import io.retailhub.mapping.MappingException;
import io.retailhub.mapping.erp.ErpOData;
import io.retailhub.mapping.erp.ErpSalesOrder;
import io.retailhub.mapping.erp.ErpSalesOrderMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import io.retailhub.model.ShipmentEvent;
import io.retailhub.model.ShipmentLine;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One order's service context: the ERP's authoritative status and lines ({@code A_SalesOrder} with
 * {@code to_Item}), its deliveries with carrier and tracking, the hub's own record (channel,
 * fulfilment type, hub order ID) and the customer's golden ID with the platform IDs. The experience
 * API and the case-enrichment flow both use it, so an agent sees the same thing in both places.
 *
 * <p>An order is found by hub order ID or ERP order number; ERP orders the hub never submitted
 * (history, other channels) are found in the ERP and their customer through the cross-reference of
 * the sold-to business partner. When the ERP cannot be read, a hub order's context says so ({@code
 * statusSource: hub}, {@code erpUnavailable}) rather than failing; a number only the ERP could
 * resolve fails with {@link ErpUnavailableException} (503 for the API, a retry for the flow).
 */
@ApplicationScoped
public class OrderContexts {
  /** Hub order IDs as {@code OrderIntake} makes them. */
  static final Pattern HUB_ORDER_ID =
      Pattern.compile(
          "\\bHO-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

  /** SAP sales order numbers: up to 10 digits; shorter runs are quantities, not documents. */
  static final Pattern ERP_ORDER_NUMBER = Pattern.compile("(?<![\\d.,-])\\d{7,10}(?![\\d.,])");

  private static final int MAX_REFERENCES = 3;

  private record HubRow(
      String hubOrderId,
      String status,
      String erpOrderNumber,
      String channel,
      String fulfilmentType,
      String orderJson) {}

  private final AgroalDataSource dataSource;
  private final ErpSalesOrderClient salesOrders;
  private final ErpDeliveryClient deliveries;
  private final CustomerStore customers;

  public OrderContexts(
      AgroalDataSource dataSource,
      ErpSalesOrderClient salesOrders,
      ErpDeliveryClient deliveries,
      CustomerStore customers) {
    this.dataSource = dataSource;
    this.salesOrders = salesOrders;
    this.deliveries = deliveries;
    this.customers = customers;
  }

  /** Order references in free text (subject, description): hub order IDs first, at most three. */
  public static List<String> referencesIn(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    LinkedHashSet<String> found = new LinkedHashSet<>();
    Matcher hub = HUB_ORDER_ID.matcher(text);
    while (hub.find()) {
      found.add(hub.group());
    }
    Matcher erp = ERP_ORDER_NUMBER.matcher(text);
    while (erp.find()) {
      found.add(erp.group());
    }
    return found.stream().limit(MAX_REFERENCES).toList();
  }

  /** The context of an order, or empty when neither the hub nor the ERP knows the reference. */
  public Optional<ObjectNode> context(String reference, String correlationId)
      throws SQLException, JsonProcessingException {
    if (reference == null || reference.isBlank() || reference.length() > 64) {
      return Optional.empty();
    }
    Optional<HubRow> hub = hubOrder(reference.trim());
    String erpNumber =
        hub.map(HubRow::erpOrderNumber)
            .orElse(ERP_ORDER_NUMBER.matcher(reference.trim()).matches() ? reference.trim() : null);
    ObjectNode context = CanonicalJson.mapper().createObjectNode();
    Optional<JsonNode> erpOrder = Optional.empty();
    if (erpNumber != null) {
      try {
        erpOrder = salesOrders.read(erpNumber, correlationId);
      } catch (ErpUnavailableException unavailable) {
        if (hub.isEmpty()) {
          // only the ERP can tell whether this number is an order: not knowing is no "not found"
          throw unavailable;
        }
        context.put("erpUnavailable", unavailable.getMessage());
      }
    }
    if (hub.isEmpty() && erpOrder.isEmpty()) {
      return Optional.empty();
    }
    String goldenId = null;
    if (hub.isPresent()) {
      HubRow row = hub.get();
      JsonNode submitted = CanonicalJson.mapper().readTree(row.orderJson());
      context.put("hubOrderId", row.hubOrderId());
      context.put("erpOrderNumber", row.erpOrderNumber());
      context.put("status", row.status());
      context.put("statusSource", "hub");
      context.put("channel", row.channel());
      context.put("fulfilmentType", row.fulfilmentType());
      ArrayNode lines = context.putArray("lines");
      for (JsonNode line : submitted.path("lines")) {
        lines
            .addObject()
            .put("sku", line.path("sku").asText())
            .put("quantity", line.path("quantity").asText());
      }
      goldenId = textOrNull(submitted.path("customerGoldenId"));
    } else {
      context.put("hubOrderId", (String) null);
      context.put("erpOrderNumber", erpNumber);
    }
    if (erpOrder.isPresent()) {
      goldenId = addErpView(context, erpOrder.get(), goldenId);
    }
    putShipments(context, erpNumber, correlationId);
    addCustomer(context, goldenId);
    return Optional.of(context);
  }

  /** The newest hub order of a customer, for a ticket that names the customer but no order. */
  public Optional<String> newestOrderOf(String goldenId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT hub_order_id FROM hub_order"
                    + " WHERE (order_json::jsonb ->> 'customerGoldenId') = ?"
                    + " ORDER BY created_at DESC, hub_order_id DESC LIMIT 1")) {
      select.setString(1, goldenId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  private String addErpView(ObjectNode context, JsonNode salesOrder, String goldenId) {
    ErpSalesOrder erp;
    try {
      erp = ErpSalesOrderMapper.fromSalesOrder(salesOrder);
    } catch (MappingException unreadable) {
      context.put("erpUnavailable", unreadable.getMessage());
      return goldenId;
    }
    JsonNode entity = ErpOData.entity(salesOrder, "A_SalesOrder");
    context.put("erpOrderNumber", erp.salesOrder());
    context.put("status", erp.status().name());
    context.put("statusSource", "erp");
    if (context.path("hubOrderId").isNull()) {
      context.put("purchaseOrderByCustomer", erp.hubOrderId());
    }
    context.set("totalAmount", CanonicalJson.mapper().valueToTree(erp.totalNetAmount()));
    putErpLines(context, salesOrder);
    if (goldenId == null) {
      String soldTo = textOrNull(entity.path("SoldToParty"));
      if (soldTo != null) {
        return customers.goldenIdOf(Platform.ERP, soldTo).orElse(null);
      }
    }
    return goldenId;
  }

  /** The ERP's lines of a sales order (read with {@code to_Item}) as {@code lines}. */
  public static void putErpLines(ObjectNode target, JsonNode salesOrder) {
    ArrayNode lines = target.putArray("lines");
    for (JsonNode item :
        ErpOData.entity(salesOrder, "A_SalesOrder").path("to_Item").path("results")) {
      lines
          .addObject()
          .put("erpItem", item.path("SalesOrderItem").asText())
          .put("sku", item.path("Material").asText())
          .put("quantity", item.path("RequestedQuantity").asText())
          .put("plant", item.path("ProductionPlant").asText())
          .put("processStatus", item.path("SDProcessStatus").asText());
    }
  }

  /**
   * The ERP's deliveries of a sales order as {@code shipments}, with carrier and tracking; says
   * {@code shipmentsUnavailable} instead when the ERP cannot be read.
   */
  public void putShipments(ObjectNode context, String erpNumber, String correlationId) {
    ArrayNode shipments = context.putArray("shipments");
    if (erpNumber == null || context.has("erpUnavailable")) {
      return;
    }
    List<ShipmentEvent> shipped;
    try {
      shipped = deliveries.deliveriesOf(erpNumber, correlationId);
    } catch (ErpUnavailableException | MappingException unavailable) {
      context.put("shipmentsUnavailable", unavailable.getMessage());
      return;
    }
    for (ShipmentEvent shipment : shipped) {
      ObjectNode entry =
          shipments
              .addObject()
              .put("shipmentId", shipment.shipmentId())
              .put("carrier", shipment.carrier())
              .put("trackingNumber", shipment.trackingNumber())
              .put("shippingPoint", shipment.shippingPoint())
              .put("shippedAt", shipment.shippedAt().toString());
      ArrayNode lines = entry.putArray("lines");
      for (ShipmentLine line : shipment.lines()) {
        lines.addObject().put("sku", line.sku()).put("quantity", line.quantity());
      }
    }
  }

  private void addCustomer(ObjectNode context, String goldenId) {
    if (goldenId == null) {
      context.putNull("customer");
      return;
    }
    ObjectNode customer = context.putObject("customer");
    customer.put("goldenId", goldenId);
    ObjectNode ids = customer.putObject("platformIds");
    for (Map.Entry<Platform, String> id : customers.platformIds(goldenId).entrySet()) {
      ids.put(id.getKey().wireCode(), id.getValue());
    }
  }

  private Optional<HubRow> hubOrder(String reference) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT hub_order_id, status, erp_order_number, channel, fulfilment_type,"
                    + " order_json FROM hub_order WHERE hub_order_id = ? OR erp_order_number = ?"
                    + " ORDER BY (hub_order_id = ?) DESC LIMIT 1")) {
      select.setString(1, reference);
      select.setString(2, reference);
      select.setString(3, reference);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new HubRow(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6)));
      }
    }
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank()
        ? null
        : node.asText();
  }
}
