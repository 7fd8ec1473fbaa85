package io.retailhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.Platform;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies one platform's change to the golden record under the ownership rules. Pure and
 * deterministic: the same golden record and change always give the same outcome, whatever order the
 * hub's threads run in, so conflicting writes converge to one value in every system.
 */
public final class CustomerMerger {
  private final OwnershipRules rules;

  public CustomerMerger(OwnershipRules rules) {
    this.rules = Objects.requireNonNull(rules);
  }

  public MergeOutcome merge(GoldenCustomer current, CustomerChange change) {
    Map<String, JsonNode> values = new HashMap<>(current.attributes());
    Map<String, AttributeVersion> versions = new HashMap<>(current.versions());
    Map<String, JsonNode> applied = new LinkedHashMap<>();
    List<AttributeConflict> conflicts = new ArrayList<>();
    Map<Platform, Map<String, JsonNode>> outbound = new EnumMap<>(Platform.class);
    AttributeVersion incoming = new AttributeVersion(change.source(), change.sourceTimestamp());

    for (Map.Entry<String, JsonNode> write : change.attributes().entrySet()) {
      String attribute = write.getKey();
      JsonNode value = write.getValue();
      AttributeRule rule = rules.rule(attribute);
      JsonNode kept = values.get(attribute);
      AttributeVersion keptVersion = versions.get(attribute);
      boolean sameValue = Objects.equals(kept, value);

      if (!rule.shared()) {
        if (rule.owner() == change.source()) {
          // webhooks and replays do not keep order (a redelivery after an outage comes whenever its
          // retry is due): an owner's event older than the owner's value already held is stale,
          // and the owner itself holds the newer value
          boolean stale =
              keptVersion != null
                  && keptVersion.source() == change.source()
                  && incoming.sourceTimestamp().isBefore(keptVersion.sourceTimestamp());
          if (!sameValue && !stale) {
            apply(attribute, value, incoming, rule, values, versions, applied, outbound);
          }
        } else if (!sameValue) {
          conflicts.add(
              new AttributeConflict(
                  attribute,
                  ConflictKind.NON_OWNER_WRITE,
                  change.source(),
                  value,
                  change.sourceTimestamp(),
                  keptVersion == null ? rule.owner() : keptVersion.source(),
                  kept));
          if (rule.correctNonOwner() && kept != null) {
            send(outbound, change.source(), attribute, kept);
          }
        }
        continue;
      }

      if (sameValue) {
        continue;
      }
      if (keptVersion == null || wins(rule, incoming, keptVersion)) {
        apply(attribute, value, incoming, rule, values, versions, applied, outbound);
      } else {
        conflicts.add(
            new AttributeConflict(
                attribute,
                ConflictKind.SHARED_WRITE_LOST,
                change.source(),
                value,
                change.sourceTimestamp(),
                keptVersion.source(),
                kept));
        // the losing system still shows its own value: give it the winner so all converge
        if (kept != null && rule.receivers().contains(change.source())) {
          send(outbound, change.source(), attribute, kept);
        }
      }
    }
    return new MergeOutcome(
        new GoldenCustomer(current.goldenId(), values, versions), applied, conflicts, outbound);
  }

  /** Whether an incoming shared write beats the current one; never a tie, so never arbitrary. */
  static boolean wins(AttributeRule rule, AttributeVersion incoming, AttributeVersion current) {
    int byRank = Integer.compare(rule.rank(current.source()), rule.rank(incoming.source()));
    if (rule.policy() == ConflictPolicy.OWNER_PRIORITY) {
      // the same platform correcting itself always applies; otherwise the stronger platform holds
      return incoming.source() == current.source() || byRank > 0;
    }
    int byTime = incoming.sourceTimestamp().compareTo(current.sourceTimestamp());
    if (byTime != 0) {
      return byTime > 0;
    }
    if (byRank != 0) {
      return byRank > 0;
    }
    // same platform, same instant: the later event of that platform is its newer state
    return true;
  }

  private static void apply(
      String attribute,
      JsonNode value,
      AttributeVersion version,
      AttributeRule rule,
      Map<String, JsonNode> values,
      Map<String, AttributeVersion> versions,
      Map<String, JsonNode> applied,
      Map<Platform, Map<String, JsonNode>> outbound) {
    values.put(attribute, value);
    versions.put(attribute, version);
    applied.put(attribute, value);
    for (Platform receiver : rule.receivers()) {
      if (receiver != version.source()) {
        send(outbound, receiver, attribute, value);
      }
    }
  }

  private static void send(
      Map<Platform, Map<String, JsonNode>> outbound,
      Platform platform,
      String attribute,
      JsonNode value) {
    outbound.computeIfAbsent(platform, p -> new LinkedHashMap<>()).put(attribute, value);
  }
}
