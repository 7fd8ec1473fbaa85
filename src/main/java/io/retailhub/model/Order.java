package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A customer order, identified everywhere by the hub order ID. {@code extensions} carries the few
 * platform attributes a round trip needs although the model does not know them, under keys prefixed
 * with the platform wire code (for example {@code salesforce.OrderNumber}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Order(
    String hubOrderId,
    Channel channel,
    FulfilmentType fulfilmentType,
    String marketplaceOrderRef,
    String customerGoldenId,
    String pickupLocation,
    Address shippingAddress,
    List<OrderLine> lines,
    Money totalAmount,
    OrderStatus status,
    Instant placedAt,
    Map<Platform, String> platformIds,
    Map<String, String> extensions) {
  public Order {
    Violations violations =
        Violations.of(Order.class)
            .notBlank("hubOrderId", hubOrderId)
            .required("channel", channel)
            .required("fulfilmentType", fulfilmentType)
            .notBlank("customerGoldenId", customerGoldenId)
            .required("lines", lines)
            .required("totalAmount", totalAmount)
            .nonNegative("totalAmount", totalAmount)
            .required("status", status)
            .required("placedAt", placedAt)
            .nested("lines", lines)
            .noNullKeysOrValues("platformIds", platformIds)
            .noNullKeysOrValues("extensions", extensions);
    if (lines != null) {
      violations.check(!lines.isEmpty(), "lines", "must not be empty");
      Set<Integer> lineNumbers = new HashSet<>();
      for (int i = 0; i < lines.size(); i++) {
        OrderLine line = lines.get(i);
        if (line == null) {
          continue;
        }
        violations.check(
            lineNumbers.add(line.lineNumber()),
            "lines[" + i + "].lineNumber",
            "duplicates line " + line.lineNumber());
        if (totalAmount != null) {
          violations.check(
              line.lineTotal().sameCurrencyAs(totalAmount),
              "lines[" + i + "].lineTotal.currency",
              "must equal totalAmount.currency " + totalAmount.currency());
        }
      }
    }
    if (fulfilmentType == FulfilmentType.MARKETPLACE) {
      violations.notBlank("marketplaceOrderRef", marketplaceOrderRef);
    }
    if (fulfilmentType == FulfilmentType.PICKUP_IN_STORE) {
      violations.notBlank("pickupLocation", pickupLocation);
    }
    if (fulfilmentType == FulfilmentType.SHIP_TO_HOME) {
      violations.required("shippingAddress", shippingAddress);
    }
    violations.throwIfAny();
    lines = List.copyOf(lines);
    platformIds = platformIds == null ? Map.of() : Map.copyOf(platformIds);
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  public String platformId(Platform platform) {
    return platformIds.get(platform);
  }

  /** The same order in another status; every other field is kept. */
  public Order withStatus(OrderStatus newStatus) {
    return new Order(
        hubOrderId,
        channel,
        fulfilmentType,
        marketplaceOrderRef,
        customerGoldenId,
        pickupLocation,
        shippingAddress,
        lines,
        totalAmount,
        newStatus,
        placedAt,
        platformIds,
        extensions);
  }
}
