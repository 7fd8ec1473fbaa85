package io.retailhub.ops.deadletter;

import io.retailhub.model.WireCoded;

/** How the error policy treats a failure: retry it later, or park it for a human at once. */
public enum FailureKind implements WireCoded {
  /** The same message may succeed later: timeouts, refused connections, 5xx, 408, 429, limits. */
  TRANSIENT("transient"),
  /** The message itself is wrong for the target: retrying cannot help, a person must act. */
  BUSINESS("business");

  private final String code;

  FailureKind(String code) {
    this.code = code;
  }

  @Override
  public String wireCode() {
    return code;
  }
}
