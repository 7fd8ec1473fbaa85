package io.retailhub.customer;

import io.retailhub.model.WireCoded;

/** How concurrent writes to a shared attribute are decided. */
public enum ConflictPolicy implements WireCoded {
  /** The newest source timestamp wins; equal timestamps fall back to the priority order. */
  LAST_WRITER_WINS("last-writer-wins"),
  /** The platform earliest in the priority order wins, whatever the timestamps. */
  OWNER_PRIORITY("owner-priority");

  private final String wireCode;

  ConflictPolicy(String wireCode) {
    this.wireCode = wireCode;
  }

  @Override
  public String wireCode() {
    return wireCode;
  }
}
