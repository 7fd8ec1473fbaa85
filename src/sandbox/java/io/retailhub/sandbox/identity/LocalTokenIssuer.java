package io.retailhub.sandbox.identity;

import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.support.SimulatorServer.HttpProblem;
import io.retailhub.sandbox.support.SimulatorServer.Request;
import io.retailhub.sandbox.support.SimulatorServer.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The sandbox's OAuth 2.0 authorization server, so neither the run command nor the tests need an
 * external identity provider. It generates an RSA signing key at every start (nothing is stored),
 * serves the OpenID discovery document and the JWKS the hub validates against, and issues
 * client-credentials access tokens whose {@code scope} claim carries the hub roles.
 *
 * <p>Surface: {@code GET /.well-known/openid-configuration}, {@code GET /.well-known/jwks.json},
 * {@code POST /token} ({@code grant_type=client_credentials}, {@code scope=...}, optional {@code
 * client_id}). There is deliberately no client authentication: it binds 127.0.0.1 and exists only
 * in the sandbox.
 */
public final class LocalTokenIssuer implements AutoCloseable {

  /** The port the sandbox launcher gives the issuer. */
  public static final int SANDBOX_PORT = 8094;

  public static final String AUDIENCE = "retail-connectivity-hub";
  public static final String JWKS_PATH = "/.well-known/jwks.json";
  public static final String TOKEN_PATH = "/token";
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /** Every scope the hub knows; the token endpoint refuses others, as a real server would. */
  public static final Set<String> HUB_SCOPES =
      Set.of(
          "inventory:read",
          "orders:write",
          "orders:read",
          "customers:read",
          "service:read",
          "ops:read",
          "ops:replay",
          "ops:admin");

  private final SimulatorServer server;
  private final RsaJsonWebKey signingKey;
  // signs tokens for the negative tests: a key the hub never trusts
  private final RsaJsonWebKey foreignKey;

  public LocalTokenIssuer(int port) {
    this.signingKey = generateKey("hub-sandbox-" + Instant.now().getEpochSecond());
    this.foreignKey = generateKey("foreign");
    this.server = new SimulatorServer("identity", port);
    server.route("GET", "/.well-known/openid-configuration", request -> discovery());
    server.route("GET", JWKS_PATH, request -> jwks());
    server.route("POST", TOKEN_PATH, this::token);
  }

  public LocalTokenIssuer start() {
    server.start();
    return this;
  }

  /** The {@code iss} of every token this issuer signs: its own base URL. */
  public String issuer() {
    return server.baseUrl();
  }

  public String jwksUrl() {
    return server.baseUrl() + JWKS_PATH;
  }

  public String tokenUrl() {
    return server.baseUrl() + TOKEN_PATH;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public List<SimulatorServer.JournalEntry> journal() {
    return server.journal();
  }

  /** A valid access token for the hub: signed, right issuer and audience, {@code scope} claim. */
  public String issue(String subject, Collection<String> scopes, Duration ttl) {
    Instant now = Instant.now();
    return sign(signingKey, issuer(), subject, scopes, now, now.plus(ttl));
  }

  /** A valid token carrying its roles in a {@code groups} array instead of {@code scope}. */
  public String issueWithGroups(String subject, Collection<String> groups, Duration ttl) {
    Instant now = Instant.now();
    return sign(signingKey, issuer(), subject, List.of(), now, now.plus(ttl), groups);
  }

  /** A token that expired {@code ago} before now, otherwise valid. */
  public String issueExpired(String subject, Collection<String> scopes, Duration ago) {
    Instant expiredAt = Instant.now().minus(ago);
    return sign(signingKey, issuer(), subject, scopes, expiredAt.minus(DEFAULT_TTL), expiredAt);
  }

  /** A token signed with the trusted key but claiming another issuer. */
  public String issueWithIssuer(String issuer, String subject, Collection<String> scopes) {
    Instant now = Instant.now();
    return sign(signingKey, issuer, subject, scopes, now, now.plus(DEFAULT_TTL));
  }

  /** A token with the right claims signed by a key the hub does not trust (a forgery). */
  public String issueWithForeignKey(String subject, Collection<String> scopes) {
    Instant now = Instant.now();
    return sign(foreignKey, issuer(), subject, scopes, now, now.plus(DEFAULT_TTL));
  }

  @Override
  public void close() {
    server.close();
  }

  private Response discovery() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer());
    document.put("jwks_uri", jwksUrl());
    document.put("token_endpoint", tokenUrl());
    document.put("grant_types_supported", List.of("client_credentials"));
    document.put("token_endpoint_auth_methods_supported", List.of("none"));
    document.put("scopes_supported", HUB_SCOPES.stream().sorted().toList());
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    return Response.ok(document);
  }

  private Response jwks() {
    String publicOnly =
        new JsonWebKeySet(signingKey).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    return new Response(200, Map.of("Content-Type", "application/json"), publicOnly);
  }

  private Response token(Request request) {
    Map<String, String> form = SimulatorServer.parseQuery(request.bodyText());
    if (!"client_credentials".equals(form.get("grant_type"))) {
      throw new HttpProblem(
          400,
          Map.of(
              "error",
              "unsupported_grant_type",
              "error_description",
              "only client_credentials is supported"));
    }
    List<String> scopes =
        Arrays.stream(form.getOrDefault("scope", "").trim().split("\\s+"))
            .filter(scope -> !scope.isEmpty())
            .distinct()
            .toList();
    List<String> unknown = scopes.stream().filter(scope -> !HUB_SCOPES.contains(scope)).toList();
    if (!unknown.isEmpty()) {
      throw new HttpProblem(
          400, Map.of("error", "invalid_scope", "error_description", "unknown scopes " + unknown));
    }
    String subject = form.getOrDefault("client_id", "sandbox-client");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", issue(subject, scopes, DEFAULT_TTL));
    body.put("token_type", "Bearer");
    body.put("expires_in", DEFAULT_TTL.toSeconds());
    body.put("scope", String.join(" ", scopes));
    return Response.ok(body).withHeader("Cache-Control", "no-store");
  }

  private static String sign(
      RsaJsonWebKey key,
      String issuer,
      String subject,
      Collection<String> scopes,
      Instant issuedAt,
      Instant expiresAt) {
    return sign(key, issuer, subject, scopes, issuedAt, expiresAt, List.of());
  }

  private static String sign(
      RsaJsonWebKey key,
      String issuer,
      String subject,
      Collection<String> scopes,
      Instant issuedAt,
      Instant expiresAt,
      Collection<String> groups) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(AUDIENCE);
    claims.setSubject(subject);
    claims.setClaim("azp", subject);
    claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
    claims.setNotBefore(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
    claims.setGeneratedJwtId();
    if (!scopes.isEmpty()) {
      claims.setClaim("scope", scopes.stream().collect(Collectors.joining(" ")));
    }
    if (!groups.isEmpty()) {
      claims.setStringListClaim("groups", List.copyOf(groups));
    }
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign a sandbox token", e);
    }
  }

  private static RsaJsonWebKey generateKey(String keyId) {
    try {
      RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
      key.setKeyId(keyId);
      key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
      key.setUse("sig");
      return key;
    } catch (JoseException e) {
      throw new IllegalStateException("cannot generate the sandbox signing key", e);
    }
  }
}
