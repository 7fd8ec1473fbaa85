package io.retailhub.api.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.api.Problems.FieldError;
import io.retailhub.model.Address;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Channel;
import io.retailhub.model.FieldViolation;
import io.retailhub.model.FulfilmentType;
import io.retailhub.model.Money;
import io.retailhub.model.Order;
import io.retailhub.model.OrderLine;
import io.retailhub.model.OrderStatus;
import io.retailhub.model.Platform;
import io.retailhub.model.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the body of {@code POST /api/v1/orders} into a canonical {@link Order}. The caller sends
 * the order without {@code hubOrderId}, {@code status} and {@code placedAt}: the hub assigns them.
 * Every bad field is reported, also inside lines, address and amounts, because the canonical
 * records refuse their values one object at a time.
 */
public final class OrderRequests {

  /** The request could not become an order; {@code errors} names every bad field. */
  public static final class InvalidOrderRequest extends RuntimeException {
    private final transient List<FieldError> errors;

    InvalidOrderRequest(List<FieldError> errors) {
      super("invalid order request: " + errors);
      this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  private OrderRequests() {}

  /**
   * SHA-256 (hex) of the body in canonical form: object keys sorted, insignificant whitespace
   * removed, so a retry that merely reorders keys counts as the same request.
   */
  public static String requestHash(String body) {
    String canonical;
    try {
      canonical =
          CanonicalJson.mapper().writeValueAsString(sorted(CanonicalJson.mapper().readTree(body)));
    } catch (JsonProcessingException notJson) {
      canonical = body;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Map<String, JsonNode> fields = new TreeMap<>();
      object
          .fields()
          .forEachRemaining(field -> fields.put(field.getKey(), sorted(field.getValue())));
      ObjectNode copy = CanonicalJson.mapper().createObjectNode();
      fields.forEach(copy::set);
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = CanonicalJson.mapper().createArrayNode();
      array.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** The canonical order of a request body, with the given hub order ID, status PLACED. */
  public static Order toOrder(String body, String hubOrderId, Instant placedAt) {
    JsonNode request;
    try {
      request = CanonicalJson.mapper().readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new InvalidOrderRequest(
          List.of(new FieldError("body", "is not JSON: " + e.getOriginalMessage())));
    }
    if (request == null || !request.isObject()) {
      throw new InvalidOrderRequest(List.of(new FieldError("body", "must be a JSON object")));
    }
    List<FieldError> errors = new ArrayList<>();
    for (String assigned : List.of("hubOrderId", "status", "placedAt")) {
      if (request.has(assigned)) {
        errors.add(new FieldError(assigned, "is assigned by the hub and must not be sent"));
      }
    }
    checkCode(request, "channel", Channel::fromWireCode, errors);
    checkCode(request, "fulfilmentType", FulfilmentType::fromWireCode, errors);
    String erpPartner = request.path("platformIds").path(Platform.ERP.wireCode()).asText("");
    if (errors.isEmpty() && !erpPartner.isBlank()) {
      // why: the records validate themselves as they are built, so an order that reads whole has
      // no bad nested part either; the part-by-part reading below only names what is wrong. The
      // request may take the hub's fields: they were checked above and no part below reads them.
      try {
        return CanonicalJson.read(
            withHubFields((ObjectNode) request, hubOrderId, placedAt), Order.class);
      } catch (RuntimeException invalid) {
        // named part by part below
      }
    }
    checkNested(request.path("totalAmount"), "totalAmount", Money.class, errors);
    checkNested(request.path("shippingAddress"), "shippingAddress", Address.class, errors);
    JsonNode lines = request.path("lines");
    if (lines.isArray()) {
      for (int i = 0; i < lines.size(); i++) {
        String prefix = "lines[" + i + "]";
        int before = errors.size();
        checkNested(lines.get(i).path("unitPrice"), prefix + ".unitPrice", Money.class, errors);
        checkNested(lines.get(i).path("lineTotal"), prefix + ".lineTotal", Money.class, errors);
        if (errors.size() == before) {
          checkNested(lines.get(i), prefix, OrderLine.class, errors);
        }
      }
    }
    if (erpPartner.isBlank()) {
      errors.add(
          new FieldError(
              "platformIds.erp", "is required: the customer's ERP business partner number"));
    }
    // why: the order is read without the parts already reported, so its own rules (required
    // fields, currencies, fulfilment-specific fields) are reported too, not hidden behind them
    ObjectNode complete = ((ObjectNode) request.deepCopy());
    for (String field : List.of("channel", "fulfilmentType", "totalAmount", "shippingAddress")) {
      if (alreadyReported(errors, field)) {
        complete.remove(field);
      }
    }
    if (lines.isArray()) {
      ArrayNode validLines = complete.putArray("lines");
      for (int i = 0; i < lines.size(); i++) {
        if (!alreadyReported(errors, "lines[" + i + "]")) {
          validLines.add(lines.get(i));
        }
      }
    }
    Order order = null;
    try {
      order = CanonicalJson.read(withHubFields(complete, hubOrderId, placedAt), Order.class);
    } catch (ValidationException invalid) {
      for (FieldViolation violation : invalid.violations()) {
        if (!alreadyReported(errors, violation.field())
            && !(violation.field().equals("lines") && alreadyReported(errors, "lines"))) {
          errors.add(new FieldError(violation.field(), violation.reason()));
        }
      }
    } catch (RuntimeException unreadable) {
      if (errors.isEmpty()) {
        errors.add(new FieldError("body", rootMessage(unreadable)));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidOrderRequest(errors);
    }
    return order;
  }

  private static ObjectNode withHubFields(ObjectNode order, String hubOrderId, Instant placedAt) {
    order.put("hubOrderId", hubOrderId);
    order.put("status", OrderStatus.PLACED.wireCode());
    order.put("placedAt", placedAt.toString());
    return order;
  }

  private static boolean alreadyReported(List<FieldError> errors, String field) {
    for (FieldError error : errors) {
      if (error.field().equals(field)
          || error.field().startsWith(field + ".")
          || error.field().startsWith(field + "[")) {
        return true;
      }
    }
    return false;
  }

  private static void checkCode(
      JsonNode request,
      String field,
      java.util.function.Function<String, ?> parse,
      List<FieldError> errors) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      return; // the record itself reports a missing value
    }
    try {
      parse.apply(value.asText());
    } catch (IllegalArgumentException unknown) {
      errors.add(new FieldError(field, unknown.getMessage()));
    }
  }

  /** Reads one nested canonical value alone, so its violations come with their full path. */
  private static void checkNested(
      JsonNode node, String path, Class<?> type, List<FieldError> errors) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    try {
      CanonicalJson.read(node, type);
    } catch (ValidationException invalid) {
      for (FieldViolation violation : invalid.violations()) {
        errors.add(new FieldError(path + "." + violation.field(), violation.reason()));
      }
    } catch (RuntimeException unreadable) {
      errors.add(new FieldError(path, rootMessage(unreadable)));
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = message.indexOf('\n');
    return newline > 0 ? message.substring(0, newline) : message;
  }
}
