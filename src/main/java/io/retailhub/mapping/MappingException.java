package io.retailhub.mapping;

import io.retailhub.model.FieldViolation;
import java.util.List;

/**
 * A platform payload that cannot be mapped, with every violated field and its reason (unknown code,
 * wrong currency, negative quantity, missing key...). Fields are named as the platform names them
 * (e.g. {@code to_Item.results[1].RequestedQuantity}); a rule of the canonical model that only
 * shows once the record is built is named {@code canonical.<field>}. Flows turn it into
 * problem+json or a dead-letter reason; no partially mapped object ever accompanies it.
 */
public final class MappingException extends RuntimeException {
  private final String source;
  private final List<FieldViolation> violations;

  public MappingException(String source, List<FieldViolation> violations) {
    super(source + " cannot be mapped: " + violations);
    this.source = source;
    this.violations = List.copyOf(violations);
  }

  /** What was being mapped, as {@code platform:entity}, e.g. {@code erp:A_SalesOrder}. */
  public String source() {
    return source;
  }

  public List<FieldViolation> violations() {
    return violations;
  }

  /** The violated field paths, in the order they were found. */
  public List<String> fields() {
    return violations.stream().map(FieldViolation::field).toList();
  }
}
