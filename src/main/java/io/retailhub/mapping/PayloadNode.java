package io.retailhub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.retailhub.model.Money;
import io.retailhub.model.WireCoded;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One JSON object of a platform payload, read field by field. A read that fails records a violation
 * under the field's full path and returns null, so a mapper reads everything and reports everything
 * before it builds anything.
 */
public final class PayloadNode {
  private final MappingContext context;
  private final String path;
  private final JsonNode node;

  PayloadNode(MappingContext context, String path, JsonNode node) {
    this.context = context;
    this.path = path;
    this.node = node;
  }

  public JsonNode json() {
    return node;
  }

  public String pathOf(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public void violation(String field, String reason) {
    context.violation(pathOf(field), reason);
  }

  public boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  private JsonNode value(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      return null;
    }
    return value;
  }

  public String requiredText(String field) {
    String text = optionalText(field);
    if (text == null && !node.isMissingNode()) {
      violation(field, "is required");
    }
    return text;
  }

  public String optionalText(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (value.isContainerNode()) {
      violation(field, "must be a string");
      return null;
    }
    return value.asText();
  }

  public Boolean optionalBoolean(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      violation(field, "must be true or false, was " + value);
      return null;
    }
    return value.booleanValue();
  }

  public BigDecimal requiredDecimal(String field) {
    BigDecimal decimal = optionalDecimal(field);
    if (decimal == null && value(field) == null) {
      violation(field, "is required");
    }
    return decimal;
  }

  /** A decimal given as a JSON number or, as SAP writes it, a string such as {@code "12.000"}. */
  public BigDecimal optionalDecimal(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.asText().trim());
      } catch (NumberFormatException notDecimal) {
        violation(field, "is not a decimal: '" + value.asText() + "'");
        return null;
      }
    }
    violation(field, "must be a decimal, was " + value);
    return null;
  }

  /** A whole, non-negative quantity; SAP's {@code "12.000"} is accepted as 12. */
  public Long requiredQuantity(String field) {
    BigDecimal decimal = requiredDecimal(field);
    return decimal == null ? null : quantityOf(field, decimal);
  }

  public Long optionalQuantity(String field) {
    BigDecimal decimal = optionalDecimal(field);
    return decimal == null ? null : quantityOf(field, decimal);
  }

  private Long quantityOf(String field, BigDecimal decimal) {
    if (decimal.signum() < 0) {
      violation(field, "must not be negative, was " + decimal.toPlainString());
      return null;
    }
    try {
      return decimal.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException fractional) {
      violation(field, "must be a whole quantity, was " + decimal.toPlainString());
      return null;
    }
  }

  /** A long written as a JSON number or a string (SAP's ChangeSequence). */
  public Long requiredLong(String field) {
    JsonNode value = value(field);
    if (value == null) {
      violation(field, "is required");
      return null;
    }
    if (value.canConvertToExactIntegral() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText().trim());
      } catch (NumberFormatException notLong) {
        // reported below
      }
    }
    violation(field, "is not a whole number: " + value);
    return null;
  }

  public Instant requiredInstant(String field) {
    Instant instant = optionalInstant(field);
    if (instant == null && value(field) == null) {
      violation(field, "is required");
    }
    return instant;
  }

  /** An ISO-8601 timestamp with an offset (Salesforce's {@code +0000} form is accepted). */
  public Instant optionalInstant(String field) {
    String text = optionalText(field);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(normalizeOffset(text)).toInstant();
    } catch (DateTimeParseException notIso) {
      violation(field, "is not an ISO-8601 timestamp with offset: '" + text + "'");
      return null;
    }
  }

  private static final Pattern COMPACT_OFFSET = Pattern.compile(".*[+-]\\d{4}$");

  private static String normalizeOffset(String text) {
    // Salesforce writes 2026-10-01T08:00:00.000+0000; java.time wants +00:00
    if (COMPACT_OFFSET.matcher(text).matches()) {
      return text.substring(0, text.length() - 2) + ":" + text.substring(text.length() - 2);
    }
    return text;
  }

  /** An OData v2 {@code /Date(ms)/} value. */
  public Instant requiredSapDate(String field) {
    Instant instant = optionalSapDate(field);
    if (instant == null && value(field) == null) {
      violation(field, "is required");
    }
    return instant;
  }

  public Instant optionalSapDate(String field) {
    String text = optionalText(field);
    if (text == null) {
      return null;
    }
    Optional<Instant> instant = SapDates.parse(text);
    if (instant.isEmpty()) {
      violation(field, "is not an OData /Date(ms)/ value: '" + text + "'");
    }
    return instant.orElse(null);
  }

  /** An ISO 4217 currency code. */
  public String requiredCurrency(String field) {
    String code = requiredText(field);
    if (code != null && !Money.isIsoCurrency(code)) {
      violation(field, "is not an ISO 4217 currency code: '" + code + "'");
      return null;
    }
    return code;
  }

  /** A platform code translated through a fixed table; an unknown code is a violation. */
  public <E> E requiredCode(String field, Map<String, E> table) {
    String code = requiredText(field);
    return code == null ? null : translate(field, code, table);
  }

  public <E> E optionalCode(String field, Map<String, E> table) {
    String code = optionalText(field);
    return code == null ? null : translate(field, code, table);
  }

  private <E> E translate(String field, String code, Map<String, E> table) {
    E translated = table.get(code);
    if (translated == null) {
      violation(
          field,
          "unknown value '"
              + code
              + "', expected one of "
              + table.keySet().stream().sorted().toList());
    }
    return translated;
  }

  /** A canonical wire code, e.g. a Zendesk dropdown tag that holds an order status. */
  public <E extends Enum<E> & WireCoded> E optionalWireCode(String field, Class<E> type) {
    String code = optionalText(field);
    if (code == null) {
      return null;
    }
    Optional<E> found = WireCoded.find(type, code);
    if (found.isEmpty()) {
      violation(field, "unknown value '" + code + "', expected one of " + WireCoded.codes(type));
    }
    return found.orElse(null);
  }

  /** A nested object; a missing one is a violation and reads as an empty node. */
  public PayloadNode requiredObject(String field) {
    JsonNode value = value(field);
    if (value == null || !value.isObject()) {
      violation(field, value == null ? "is required" : "must be an object");
      return new PayloadNode(context, pathOf(field), MissingNode.getInstance());
    }
    return new PayloadNode(context, pathOf(field), value);
  }

  public Optional<PayloadNode> optionalObject(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      violation(field, "must be an object");
      return Optional.empty();
    }
    return Optional.of(new PayloadNode(context, pathOf(field), value));
  }

  /** The objects of an array field, each with its indexed path. */
  public List<PayloadNode> array(String field, boolean required) {
    JsonNode value = value(field);
    List<PayloadNode> elements = new ArrayList<>();
    if (value == null) {
      if (required) {
        violation(field, "is required");
      }
      return elements;
    }
    if (!value.isArray()) {
      violation(field, "must be an array");
      return elements;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      String elementPath = pathOf(field) + "[" + i + "]";
      if (!element.isObject()) {
        context.violation(elementPath, "must be an object");
        continue;
      }
      elements.add(new PayloadNode(context, elementPath, element));
    }
    return elements;
  }

  /** Maps each element, keeping nulls out: a failed element has recorded its violations. */
  public <T> List<T> mapArray(String field, boolean required, Function<PayloadNode, T> element) {
    List<T> mapped = new ArrayList<>();
    for (PayloadNode node : array(field, required)) {
      T value = element.apply(node);
      if (value != null) {
        mapped.add(value);
      }
    }
    return mapped;
  }

  public MappingContext context() {
    return context;
  }
}
