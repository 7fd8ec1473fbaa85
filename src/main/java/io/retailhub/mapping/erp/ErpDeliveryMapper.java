package io.retailhub.mapping.erp;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.ShipmentEvent;
import io.retailhub.model.ShipmentLine;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code API_OUTBOUND_DELIVERY_SRV;v=0002} {@code A_OutbDeliveryHeader} with its expanded {@code
 * to_DeliveryDocumentItem} to a canonical shipment. The order reference is the items' {@code
 * ReferenceSDDocument} (the header has none); carrier and tracking number are the key-user
 * extension fields {@code YY1_Carrier_DLH} and {@code YY1_TrackingNumber_DLH}.
 */
public final class ErpDeliveryMapper {
  static final String ENTITY = "A_OutbDeliveryHeader";
  static final String CARRIER = "YY1_Carrier_DLH";
  static final String TRACKING_NUMBER = "YY1_TrackingNumber_DLH";

  private ErpDeliveryMapper() {}

  public static ShipmentEvent shipmentOf(JsonNode response) {
    MappingContext context = MappingContext.of("erp:" + ENTITY);
    PayloadNode header = context.root(ErpOData.entity(response, ENTITY));
    String delivery = header.requiredText("DeliveryDocument");
    String shippingPoint = header.optionalText("ShippingPoint");
    String carrier = header.optionalText(CARRIER);
    String tracking = header.optionalText(TRACKING_NUMBER);
    Instant goodsIssue = header.optionalSapDate("ActualGoodsMovementDate");
    Instant created = header.optionalSapDate("CreationDate");
    Set<String> salesOrders = new LinkedHashSet<>();
    List<ShipmentLine> lines =
        header
            .requiredObject("to_DeliveryDocumentItem")
            .mapArray(
                "results",
                true,
                item -> {
                  String salesOrder = item.requiredText("ReferenceSDDocument");
                  if (salesOrder != null) {
                    salesOrders.add(salesOrder);
                  }
                  String material = item.requiredText("Material");
                  Long quantity = item.requiredQuantity("ActualDeliveryQuantity");
                  return context.attempt(
                      item.pathOf("ActualDeliveryQuantity"),
                      () -> new ShipmentLine(material, quantity),
                      material,
                      quantity);
                });
    if (salesOrders.size() > 1) {
      context.violation(
          "to_DeliveryDocumentItem.results.ReferenceSDDocument",
          "refers to several sales orders " + salesOrders + "; one shipment per order expected");
    }
    Instant shippedAt = goodsIssue != null ? goodsIssue : created;
    if (shippedAt == null) {
      context.violation("ActualGoodsMovementDate", "is required (or CreationDate)");
    }
    String salesOrder = salesOrders.stream().findFirst().orElse(null);
    return context.build(
        () ->
            new ShipmentEvent(
                delivery, salesOrder, null, carrier, tracking, shippingPoint, lines, shippedAt));
  }
}
