package io.retailhub.api.security;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.retailhub.api.HttpProblems;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Turns authentication and authorization failures into problem+json answers: 401 with a {@code
 * WWW-Authenticate: Bearer} challenge (missing, malformed, expired, forged or foreign-issuer
 * token), 403 for a valid token without the role. Which of those it was is not revealed: the
 * details are in the debug log, not in the answer.
 */
@ApplicationScoped
public class SecurityProblemResponses {

  void install(@Observes Router router) {
    // ahead of Quarkus' own authentication failure handler, which answers without a body
    router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
  }

  void handle(RoutingContext context) {
    Throwable failure = context.failure();
    if (failure instanceof AuthenticationFailedException
        || failure instanceof AuthenticationCompletionException
        || failure instanceof UnauthorizedException) {
      context.response().putHeader("WWW-Authenticate", "Bearer");
      HttpProblems.send(
          context, 401, "Unauthorized", "A valid bearer token is required for this endpoint.");
    } else if (failure instanceof ForbiddenException) {
      HttpProblems.send(
          context, 403, "Forbidden", "The token does not grant the role this endpoint requires.");
    } else {
      context.next();
    }
  }
}
