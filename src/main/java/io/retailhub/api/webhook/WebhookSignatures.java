package io.retailhub.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 helpers shared by the webhook verifiers. */
public final class WebhookSignatures {

  private WebhookSignatures() {}

  public static byte[] hmacSha256(String secret, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Compares in time independent of where the inputs differ, so timing reveals nothing. */
  public static boolean constantTimeEquals(byte[] expected, byte[] presented) {
    return presented != null && MessageDigest.isEqual(expected, presented);
  }

  /** Whether a signed timestamp is close enough to now, in either direction (clock skew). */
  public static boolean withinWindow(Instant signedAt, Instant now, Duration tolerance) {
    return !signedAt.isBefore(now.minus(tolerance)) && !signedAt.isAfter(now.plus(tolerance));
  }
}
