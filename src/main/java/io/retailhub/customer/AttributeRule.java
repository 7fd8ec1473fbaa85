package io.retailhub.customer;

import io.retailhub.model.Platform;
import java.util.List;
import java.util.Set;

/**
 * The governance of one customer attribute: either one {@code owner}, or shared ({@code owner}
 * null) under a {@code policy} with a {@code priority} order that also breaks timestamp ties.
 * {@code correctNonOwner} sends the owner's value back to a system that edited an owned attribute.
 */
public record AttributeRule(
    String attribute,
    Platform owner,
    ConflictPolicy policy,
    List<Platform> priority,
    Set<Platform> receivers,
    boolean correctNonOwner) {
  public AttributeRule {
    priority = priority == null ? List.of() : List.copyOf(priority);
    receivers = receivers == null ? Set.of() : Set.copyOf(receivers);
  }

  public boolean shared() {
    return owner == null;
  }

  /** Lower is stronger; platforms absent from the order rank after every listed one. */
  public int rank(Platform platform) {
    int index = priority.indexOf(platform);
    return index < 0 ? priority.size() : index;
  }
}
