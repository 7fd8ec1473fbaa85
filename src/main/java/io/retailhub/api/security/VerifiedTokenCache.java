package io.retailhub.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens that smallrye-jwt has already verified, keyed by the raw token, each remembered
 * until the earlier of its own {@code exp} and a short time-to-live. A client sends the same token
 * for minutes; without this every request paid for the RSA signature check and the claims parsing
 * again (a fifth of the hub's CPU per inventory lookup, docs/decisions/0013).
 *
 * <p>Only tokens that passed verification are ever stored, so a forged, expired or foreign token is
 * verified (and refused) on every request as before. At {@code exp} a token leaves the cache and
 * goes back to the verifier, which applies the configured clock skew exactly as without the cache.
 * The size is bounded: when full, expired entries are dropped, and a token that still finds no room
 * is simply verified each time.
 */
final class VerifiedTokenCache {

  private record Entry(JsonWebToken token, Instant until) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Duration timeToLive;
  private final int maxEntries;
  private final Clock clock;

  VerifiedTokenCache(Duration timeToLive, int maxEntries, Clock clock) {
    this.timeToLive = timeToLive;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  boolean enabled() {
    return !timeToLive.isNegative() && !timeToLive.isZero() && maxEntries > 0;
  }

  /** The verified token for this raw token, or null if it must be verified (again). */
  JsonWebToken verified(String rawToken) {
    Entry entry = entries.get(rawToken);
    if (entry == null) {
      return null;
    }
    if (!clock.instant().isBefore(entry.until())) {
      entries.remove(rawToken, entry);
      return null;
    }
    return entry.token();
  }

  /** Remembers a token the verifier has just accepted. */
  void remember(String rawToken, JsonWebToken verified) {
    if (!enabled() || verified.getExpirationTime() <= 0) {
      return;
    }
    Instant now = clock.instant();
    Instant expiry = Instant.ofEpochSecond(verified.getExpirationTime());
    Instant until = now.plus(timeToLive);
    if (expiry.isBefore(until)) {
      until = expiry;
    }
    if (!now.isBefore(until)) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(entry -> !now.isBefore(entry.until()));
      if (entries.size() >= maxEntries) {
        return;
      }
    }
    entries.put(rawToken, new Entry(verified, until));
  }

  int size() {
    return entries.size();
  }
}
