package io.retailhub.api.security;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One line of the access table: which requests it covers and what they need. A request is decided
 * by the first rule that covers it.
 *
 * @param methods HTTP methods covered, empty for any
 * @param pathPrefix the normalized path must start with it
 * @param pathCondition a further test on the path, such as "contains replay"
 * @param requirement what the caller needs
 * @param role the role for {@link Requirement#ROLE}, else null
 */
public record AccessRule(
    Set<String> methods,
    String pathPrefix,
    Predicate<String> pathCondition,
    Requirement requirement,
    String role) {

  /** What a rule demands of the caller. */
  public enum Requirement {
    /** No token needed: the endpoint authenticates callers itself (webhook signatures). */
    NONE,
    /** Any valid token. */
    AUTHENTICATED,
    /** A valid token carrying {@link AccessRule#role()}. */
    ROLE,
    /** Nobody: the least-privilege default for paths no rule grants. */
    DENY
  }

  public boolean covers(String method, String path) {
    String upper = method.toUpperCase(Locale.ROOT);
    // HEAD reads what GET reads
    boolean methodMatches =
        methods.isEmpty()
            || methods.contains(upper)
            || ("HEAD".equals(upper) && methods.contains("GET"));
    return methodMatches && path.startsWith(pathPrefix) && pathCondition.test(path);
  }

  public String describe() {
    String what =
        switch (requirement) {
          case NONE -> "no token (signature-verified)";
          case AUTHENTICATED -> "any valid token";
          case ROLE -> role;
          case DENY -> "denied";
        };
    return (methods.isEmpty() ? "*" : String.join("|", methods.stream().sorted().toList()))
        + " "
        + pathPrefix
        + "* -> "
        + what;
  }
}
