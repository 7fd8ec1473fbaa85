package io.retailhub.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enum whose JSON form is an explicit, stable wire code rather than its Java name, so that a
 * constant can be renamed in code without changing the contract.
 */
public interface WireCoded {
  String wireCode();

  /** The constant with this wire code, if there is one. */
  static <E extends Enum<E> & WireCoded> Optional<E> find(Class<E> type, String code) {
    if (code == null) {
      return Optional.empty();
    }
    return Arrays.stream(type.getEnumConstants())
        .filter(constant -> constant.wireCode().equals(code))
        .findFirst();
  }

  /** The constant with this wire code; an unknown code is an IllegalArgumentException. */
  static <E extends Enum<E> & WireCoded> E parse(Class<E> type, String code) {
    return find(type, code)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown "
                        + type.getSimpleName()
                        + " '"
                        + code
                        + "', expected one of "
                        + codes(type)));
  }

  static <E extends Enum<E> & WireCoded> String codes(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(WireCoded::wireCode)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
