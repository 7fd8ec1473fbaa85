package io.retailhub.api.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer JWT authentication with a cache of verified tokens in front of Quarkus' own smallrye-jwt
 * validator ({@link MpJwtValidator}). A token seen before and not yet expired is answered at once
 * on the calling (event-loop) thread; any other token goes to the validator unchanged, which checks
 * signature, issuer, audience and expiry (on a worker thread, because the keys come from a JWKS
 * URL) and whose verdict is final: a refused token is refused, never cached.
 *
 * <p>The identity is built per request the way the validator builds it (principal, credential,
 * roles from {@code groups}, the {@code quarkus.user} and routing-context attributes), so the
 * augmentors and {@link HubAccessPolicy} see the same identity with or without the cache.
 */
@ApplicationScoped
public class CachedJwtIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

  private final MpJwtValidator validator;
  private final VerifiedTokenCache cache;

  public CachedJwtIdentityProvider(
      MpJwtValidator validator,
      @ConfigProperty(name = "hub.security.token-cache.time-to-live", defaultValue = "PT1M")
          Duration timeToLive,
      @ConfigProperty(name = "hub.security.token-cache.max-entries", defaultValue = "10000")
          int maxEntries) {
    this.validator = validator;
    this.cache = new VerifiedTokenCache(timeToLive, maxEntries, Clock.systemUTC());
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  /** Asked before the validator, so that a cached token never reaches it. */
  @Override
  public int priority() {
    return validator.priority() + 1;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    if (!(request.getToken() instanceof JsonWebTokenCredential) || !cache.enabled()) {
      return validator.authenticate(request, context);
    }
    String rawToken = request.getToken().getToken();
    JsonWebToken known = cache.verified(rawToken);
    if (known != null) {
      return Uni.createFrom().item(identity(known, request));
    }
    return validator
        .authenticate(request, context)
        .invoke(
            identity -> {
              if (identity != null && identity.getPrincipal() instanceof JsonWebToken verified) {
                cache.remember(rawToken, verified);
              }
            });
  }

  private static SecurityIdentity identity(JsonWebToken token, TokenAuthenticationRequest request) {
    QuarkusSecurityIdentity.Builder identity =
        QuarkusSecurityIdentity.builder()
            .setPrincipal(token)
            .addCredential(request.getToken())
            .addRoles(token.getGroups())
            .addAttribute("quarkus.user", token);
    RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
    if (routingContext != null) {
      identity.addAttribute(RoutingContext.class.getName(), routingContext);
    }
    return identity.build();
  }
}
