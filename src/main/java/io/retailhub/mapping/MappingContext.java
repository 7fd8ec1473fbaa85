package io.retailhub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.FieldViolation;
import io.retailhub.model.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the violations of one mapping so that they are reported together, and builds the
 * canonical result only when there are none. Platform mappers read fields through {@link
 * PayloadNode}s of one context.
 */
public final class MappingContext {
  private final String source;
  private final List<FieldViolation> violations = new ArrayList<>();

  private MappingContext(String source) {
    this.source = source;
  }

  /** A context for mapping {@code source}, named {@code platform:entity}. */
  public static MappingContext of(String source) {
    return new MappingContext(source);
  }

  public PayloadNode root(JsonNode node) {
    if (node == null || !node.isObject()) {
      violation("$", "must be a JSON object");
      return new PayloadNode(
          this, "", com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }
    return new PayloadNode(this, "", node);
  }

  /** An object found at {@code path} of the payload, e.g. one row of a result set. */
  public PayloadNode at(String path, JsonNode node) {
    if (node == null || !node.isObject()) {
      violation(path, "must be a JSON object");
      return new PayloadNode(
          this, path, com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }
    return new PayloadNode(this, path, node);
  }

  public void violation(String field, String reason) {
    violations.add(new FieldViolation(field, reason));
  }

  public boolean hasViolations() {
    return !violations.isEmpty();
  }

  /**
   * Builds a canonical part (a Money, a line) from already-read fields. When an input is null it
   * was either optional and absent or already reported, so nothing is built and null is returned;
   * otherwise a model rule the part breaks is recorded against {@code field}, the platform field it
   * came from.
   */
  public <T> T attempt(String field, Supplier<T> construction, Object... inputs) {
    for (Object input : inputs) {
      if (input == null) {
        return null;
      }
    }
    try {
      return construction.get();
    } catch (ValidationException invalid) {
      invalid.violations().forEach(v -> violation(field + "." + v.field(), v.reason()));
      return null;
    }
  }

  /**
   * The canonical result, built only if nothing was violated so far.
   *
   * @throws MappingException listing every violation, including model rules the result breaks
   */
  public <T> T build(Supplier<T> construction) {
    failIfViolated();
    try {
      return construction.get();
    } catch (ValidationException invalid) {
      invalid.violations().forEach(v -> violation("canonical." + v.field(), v.reason()));
      throw new MappingException(source, violations);
    }
  }

  public void failIfViolated() {
    if (!violations.isEmpty()) {
      throw new MappingException(source, violations);
    }
  }
}
