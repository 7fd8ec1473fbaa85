package io.retailhub.api.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

/** The token the startup warm-up parses must be refused by a verifier that has a key. */
class JwtKeyWarmUpTest {

  @Test
  void theWarmUpTokenNeverVerifies() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    JWTAuthContextInfo context =
        new JWTAuthContextInfo(
            (RSAPublicKey) generator.generateKeyPair().getPublic(), "https://issuer.example");
    DefaultJWTParser parser = new DefaultJWTParser(context);

    assertThatThrownBy(() -> parser.parse(JwtKeyWarmUp.UNSIGNED_TOKEN))
        .isInstanceOf(ParseException.class);
  }
}
