package io.retailhub.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The cache of verified bearer tokens never outlives a token's own expiry nor its time-to-live, and
 * stays within its size.
 */
class VerifiedTokenCacheTest {

  private static final Instant NOW = Instant.parse("2026-11-29T14:00:00Z");

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private Instant now = NOW;

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static JsonWebToken token(String name, Instant expiry) {
    return new JsonWebToken() {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public Set<String> getClaimNames() {
        return Set.of("exp");
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> T getClaim(String claimName) {
        return "exp".equals(claimName) ? (T) Long.valueOf(expiry.getEpochSecond()) : null;
      }
    };
  }

  @Test
  void aVerifiedTokenIsKnownUntilItsTimeToLive() {
    HandClock clock = new HandClock();
    VerifiedTokenCache cache = new VerifiedTokenCache(Duration.ofMinutes(1), 10, clock);
    JsonWebToken verified = token("client", NOW.plus(Duration.ofMinutes(5)));

    cache.remember("raw-1", verified);

    assertThat(cache.verified("raw-1")).isSameAs(verified);
    assertThat(cache.verified("raw-2")).isNull();
    clock.advance(Duration.ofSeconds(59));
    assertThat(cache.verified("raw-1")).isSameAs(verified);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.verified("raw-1")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aTokenLeavesTheCacheAtItsOwnExpiry() {
    HandClock clock = new HandClock();
    VerifiedTokenCache cache = new VerifiedTokenCache(Duration.ofMinutes(1), 10, clock);
    cache.remember("raw", token("client", NOW.plusSeconds(10)));

    clock.advance(Duration.ofSeconds(9));
    assertThat(cache.verified("raw")).isNotNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.verified("raw")).isNull();
  }

  @Test
  void anAlreadyExpiredTokenIsNeverRemembered() {
    // the verifier accepts a token up to the clock skew past exp; such a token is verified each
    // time
    VerifiedTokenCache cache = new VerifiedTokenCache(Duration.ofMinutes(1), 10, new HandClock());
    cache.remember("raw", token("client", NOW.minusSeconds(5)));
    cache.remember("at-expiry", token("client", NOW));

    assertThat(cache.verified("raw")).isNull();
    assertThat(cache.verified("at-expiry")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aFullCacheDropsExpiredEntriesAndOtherwiseRemembersNothingMore() {
    HandClock clock = new HandClock();
    VerifiedTokenCache cache = new VerifiedTokenCache(Duration.ofMinutes(1), 2, clock);
    cache.remember("short", token("a", NOW.plusSeconds(5)));
    cache.remember("long", token("b", NOW.plusSeconds(50)));
    cache.remember("refused-for-room", token("c", NOW.plusSeconds(50)));
    assertThat(cache.verified("refused-for-room")).isNull();
    assertThat(cache.size()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(6));
    cache.remember("after-expiry", token("d", NOW.plusSeconds(50)));

    assertThat(cache.verified("after-expiry")).isNotNull();
    assertThat(cache.verified("long")).isNotNull();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void aZeroTimeToLiveTurnsTheCacheOff() {
    VerifiedTokenCache cache = new VerifiedTokenCache(Duration.ZERO, 10, new HandClock());
    cache.remember("raw", token("client", NOW.plusSeconds(50)));
    assertThat(cache.enabled()).isFalse();
    assertThat(cache.verified("raw")).isNull();
  }
}
