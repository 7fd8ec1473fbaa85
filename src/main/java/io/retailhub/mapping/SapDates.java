package io.retailhub.mapping;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OData v2's JSON date format: {@code /Date(1732860000000)/}, optionally with an offset. */
public final class SapDates {
  private static final Pattern DATE = Pattern.compile("^/Date\\((-?\\d+)([+-]\\d{4})?\\)/$");

  private SapDates() {}

  /**
   * The instant of an OData date. The milliseconds are UTC; an offset suffix, when present, only
   * says which zone the value was entered in and does not shift it.
   */
  public static Optional<Instant> parse(String text) {
    Matcher matcher = DATE.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(Long.parseLong(matcher.group(1))));
  }

  public static String format(Instant instant) {
    return "/Date(" + instant.toEpochMilli() + ")/";
  }
}
