package io.retailhub.customer;

import io.retailhub.model.WireCoded;

/** Why a write was not applied. */
public enum ConflictKind implements WireCoded {
  /** A system edited an attribute another system owns. */
  NON_OWNER_WRITE("non-owner-write"),
  /** A write to a shared attribute lost under the attribute's policy. */
  SHARED_WRITE_LOST("shared-write-lost");

  private final String wireCode;

  ConflictKind(String wireCode) {
    this.wireCode = wireCode;
  }

  @Override
  public String wireCode() {
    return wireCode;
  }
}
