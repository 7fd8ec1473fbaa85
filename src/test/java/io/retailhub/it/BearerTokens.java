package io.retailhub.it;

import java.time.Duration;
import java.util.List;

/**
 * Bearer tokens for integration tests, signed by the sandbox's local token issuer that the hub
 * trusts in tests. Use the narrowest scope the call needs, as a real client would.
 */
public final class BearerTokens {

  private BearerTokens() {}

  /** An {@code Authorization} header value carrying exactly these scopes. */
  public static String bearer(String... scopes) {
    return "Bearer "
        + SandboxTestResource.stack()
            .tokenIssuer()
            .issue("it-client", List.of(scopes), Duration.ofMinutes(5));
  }
}
