package io.retailhub.customer;

/** The ownership file is invalid; the message names the file and the offending line. */
public class OwnershipRulesException extends RuntimeException {
  private final int line;

  public OwnershipRulesException(String source, int line, String problem) {
    super(source + (line > 0 ? " line " + line : "") + ": " + problem);
    this.line = line;
  }

  /** One-based line, or 0 when the problem has no single line (an empty file). */
  public int line() {
    return line;
  }
}
