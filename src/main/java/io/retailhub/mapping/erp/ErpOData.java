package io.retailhub.mapping.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingException;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.FieldViolation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OData v2 JSON envelope: {@code {"d": {...}}} for one entity, {@code {"d": {"results":
 * [...]}}} for a set.
 */
public final class ErpOData {
  private ErpOData() {}

  /**
   * The entity inside {@code {"d": {...}}}; a bare entity (as in a POST body) is returned as is.
   */
  public static JsonNode entity(JsonNode response, String entityType) {
    if (response == null || !response.isObject()) {
      throw new MappingException(
          "erp:" + entityType, List.of(new FieldViolation("d", "response is not a JSON object")));
    }
    JsonNode d = response.get("d");
    if (d == null) {
      return response;
    }
    if (!d.isObject() || d.has("results")) {
      throw new MappingException(
          "erp:" + entityType, List.of(new FieldViolation("d", "is not a single entity")));
    }
    return d;
  }

  /** The entities of {@code {"d": {"results": [...]}}}. */
  public static List<JsonNode> results(JsonNode response, String entityType) {
    JsonNode results = response == null ? null : response.path("d").get("results");
    if (results == null || !results.isArray()) {
      throw new MappingException(
          "erp:" + entityType, List.of(new FieldViolation("d.results", "is required")));
    }
    List<JsonNode> entities = new ArrayList<>();
    results.forEach(entities::add);
    return entities;
  }

  /** The {@code __next} link of a paged result, when there are more pages. */
  public static Optional<String> nextLink(JsonNode response) {
    JsonNode next = response == null ? null : response.path("d").get("__next");
    return next == null || next.isNull() ? Optional.empty() : Optional.of(next.asText());
  }

  /** Wraps an entity as the ERP returns it. */
  public static ObjectNode wrap(JsonNode entity) {
    ObjectNode envelope = CanonicalJson.mapper().createObjectNode();
    envelope.set("d", entity);
    return envelope;
  }

  /** SAP's decimal strings: quantities with three decimals ("2.000"). */
  public static String quantity(long value) {
    return new BigDecimal(value).setScale(3).toPlainString();
  }

  public static String decimal(BigDecimal value) {
    return value.toPlainString();
  }

  /** An amount with at least its currency's minor digits ("39.90" EUR, "1200" JPY). */
  public static String amount(io.retailhub.model.Money money) {
    int minorDigits = Math.max(money.currencyUnit().getDefaultFractionDigits(), 0);
    BigDecimal amount = money.amount();
    return amount.scale() >= minorDigits
        ? amount.toPlainString()
        : amount.setScale(minorDigits).toPlainString();
  }
}
