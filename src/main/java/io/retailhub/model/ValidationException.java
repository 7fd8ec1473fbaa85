package io.retailhub.model;

import java.util.List;

/**
 * Thrown by a canonical record's constructor when its values break the model's rules. It lists
 * every violation at once, so a caller can report all of them, and no half-built record escapes.
 */
public final class ValidationException extends RuntimeException {
  private final String type;
  private final List<FieldViolation> violations;

  public ValidationException(String type, List<FieldViolation> violations) {
    super(type + " is invalid: " + violations);
    this.type = type;
    this.violations = List.copyOf(violations);
  }

  /** The simple name of the canonical type that refused its values. */
  public String type() {
    return type;
  }

  public List<FieldViolation> violations() {
    return violations;
  }
}
