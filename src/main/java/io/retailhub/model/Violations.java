package io.retailhub.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects the violations of one record's compact constructor, then throws them all together. Used
 * instead of failing on the first bad field so that callers see the whole problem in one error.
 */
final class Violations {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private final String type;
  private final List<FieldViolation> found = new ArrayList<>();

  private Violations(String type) {
    this.type = type;
  }

  static Violations of(Class<?> recordType) {
    return new Violations(recordType.getSimpleName());
  }

  Violations add(String field, String reason) {
    found.add(new FieldViolation(field, reason));
    return this;
  }

  Violations check(boolean valid, String field, String reason) {
    if (!valid) {
      add(field, reason);
    }
    return this;
  }

  Violations required(String field, Object value) {
    return check(value != null, field, "is required");
  }

  Violations notBlank(String field, String value) {
    if (value == null) {
      return add(field, "is required");
    }
    return check(!value.isBlank(), field, "must not be blank");
  }

  Violations nonNegative(String field, long value) {
    return check(value >= 0, field, "must not be negative, was " + value);
  }

  Violations positive(String field, long value) {
    return check(value > 0, field, "must be positive, was " + value);
  }

  Violations nonNegative(String field, Money value) {
    if (value != null) {
      check(value.amount().signum() >= 0, field, "must not be negative, was " + value.amount());
    }
    return this;
  }

  Violations email(String field, String value) {
    if (value != null) {
      check(EMAIL.matcher(value).matches(), field, "is not an e-mail address");
    }
    return this;
  }

  Violations country(String field, String value) {
    if (value != null) {
      check(
          COUNTRIES.contains(value), field, "is not an ISO 3166-1 alpha-2 country code: " + value);
    }
    return this;
  }

  /** Copies the violations of a nested value (a line, an address) under an indexed path. */
  Violations nested(String path, Collection<?> elements) {
    if (elements == null) {
      return this;
    }
    int index = 0;
    for (Object element : elements) {
      if (element == null) {
        add(path + "[" + index + "]", "must not be null");
      }
      index++;
    }
    return this;
  }

  Violations noNullKeysOrValues(String field, Map<?, ?> map) {
    if (map != null) {
      map.forEach(
          (key, value) -> {
            if (key == null || value == null) {
              add(field, "must not contain null keys or values");
            }
          });
    }
    return this;
  }

  static boolean isZero(BigDecimal value) {
    return value.signum() == 0;
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new ValidationException(type, found);
    }
  }
}
