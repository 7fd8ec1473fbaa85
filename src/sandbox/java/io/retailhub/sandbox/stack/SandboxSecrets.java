package io.retailhub.sandbox.stack;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Secrets the sandbox invents at every start, so no sandbox secret is ever written in code. */
final class SandboxSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SandboxSecrets() {}

  static String random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
