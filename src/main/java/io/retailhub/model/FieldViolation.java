package io.retailhub.model;

import java.util.Objects;

/** One rule a field broke: {@code field} is a dotted path such as {@code lines[1].quantity}. */
public record FieldViolation(String field, String reason) {
  public FieldViolation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
