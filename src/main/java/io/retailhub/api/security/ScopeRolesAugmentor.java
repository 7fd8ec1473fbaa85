package io.retailhub.api.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * OAuth 2.0 servers put granted scopes in the space-separated {@code scope} claim; SmallRye JWT
 * only reads roles from {@code groups}. This adds every scope entry as a role, so a token works
 * with either claim.
 */
@ApplicationScoped
public class ScopeRolesAugmentor implements SecurityIdentityAugmentor {

  public static final String SCOPE_CLAIM = "scope";

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
      return Uni.createFrom().item(identity);
    }
    Set<String> scopes = scopes(token.getClaim(SCOPE_CLAIM));
    if (scopes.isEmpty()) {
      return Uni.createFrom().item(identity);
    }
    return Uni.createFrom()
        .item(QuarkusSecurityIdentity.builder(identity).addRoles(scopes).build());
  }

  static Set<String> scopes(Object claim) {
    if (claim == null) {
      return Set.of();
    }
    String text =
        claim instanceof jakarta.json.JsonString json ? json.getString() : String.valueOf(claim);
    return Arrays.stream(text.trim().split("\\s+"))
        .filter(scope -> !scope.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
