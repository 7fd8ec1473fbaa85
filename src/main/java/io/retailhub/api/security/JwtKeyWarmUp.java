package io.retailhub.api.security;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Makes smallrye-jwt load the identity provider's keys (the JWKS) right after startup instead of on
 * the first bearer request. It creates its key resolver lazily, under a lock, while fetching the
 * JWKS: in a JFR profile of the lookup benchmark 110 concurrent first requests waited behind that
 * lock for up to 1.1 s (docs/benchmarks.md, fourth session). Parsing a token nobody signed goes
 * through that initialisation and is then refused; if the JWKS cannot be fetched yet, nothing is
 * lost and the first real request tries again as before.
 */
@ApplicationScoped
public class JwtKeyWarmUp {

  private static final Logger LOG = Logger.getLogger(JwtKeyWarmUp.class);

  /** A well-formed RS256 JWT with a signature that can never verify. */
  static final String UNSIGNED_TOKEN =
      part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + part("{\"sub\":\"key-warm-up\"}") + ".AA";

  void warmUp(@Observes StartupEvent started, JWTParser parser) {
    // off the startup thread: a slow or unreachable identity provider must not delay startup
    CompletableFuture.runAsync(
        () -> {
          try {
            parser.parse(UNSIGNED_TOKEN);
            LOG.warn("the key warm-up token was accepted; this must never happen");
          } catch (ParseException | RuntimeException refused) {
            LOG.debugf("JWT key warm-up done (%s)", refused.getMessage());
          }
        });
  }

  private static String part(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
