package io.retailhub.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks every request body sent to an API or webhook before a route sees it, after the caller has
 * been authorized: too large gives 413, not JSON gives 415, malformed, too deeply nested or with an
 * over-long array gives 400, each as problem+json. Routes therefore only ever parse well-formed,
 * bounded JSON.
 *
 * <p>The array limit applies to the APIs only (order lines are the longest legitimate array);
 * platform webhooks are accepted as the platform sends them, within the size and depth limits.
 */
@ApplicationScoped
public class JsonInputGuard {

  /** After Quarkus authorization (order -100), before Quarkus' own upload limit (-2). */
  static final int ORDER = -60;

  private static final Set<HttpMethod> BODY_METHODS =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

  private final long maxBodyBytes;
  private final int maxArrayLength;
  private final JsonFactory json;

  public JsonInputGuard(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
      @ConfigProperty(name = "hub.http.json.max-depth", defaultValue = "32") int maxDepth,
      @ConfigProperty(name = "hub.http.json.max-array-length", defaultValue = "200")
          int maxArrayLength) {
    this.maxBodyBytes = maxBodySize.asLongValue();
    this.maxArrayLength = maxArrayLength;
    this.json =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth)
                    .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
                    .build())
            .build();
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::checkContentType);
    router
        .route()
        .order(ORDER + 1)
        .handler(
            context -> {
              if (guarded(context)) {
                bodyReader().handle(context);
              } else {
                context.next();
              }
            })
        .failureHandler(this::answerOversize);
    router.route().order(ORDER + 2).handler(this::checkJson);
  }

  private BodyHandler bodyReader() {
    // a later BodyHandler (Camel platform-http installs one per route) sees the body was read
    return BodyHandler.create(false).setBodyLimit(maxBodyBytes).setHandleFileUploads(false);
  }

  static boolean guarded(RoutingContext context) {
    String path = context.normalizedPath();
    return BODY_METHODS.contains(context.request().method())
        && (path.startsWith("/api/") || path.startsWith("/webhooks/"));
  }

  static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null
        || (length != null && !length.trim().equals("0"));
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  void checkContentType(RoutingContext context) {
    if (guarded(context)
        && hasBody(context.request())
        && !isJson(context.request().getHeader("Content-Type"))) {
      HttpProblems.send(
          context,
          415,
          "Unsupported Media Type",
          "This endpoint accepts application/json (or an application/*+json type) only.");
      return;
    }
    context.next();
  }

  void answerOversize(RoutingContext context) {
    if (context.statusCode() == 413) {
      HttpProblems.send(
          context,
          413,
          "Content Too Large",
          "The request body exceeds the limit of " + maxBodyBytes + " bytes.");
    } else {
      context.next();
    }
  }

  void checkJson(RoutingContext context) {
    if (!guarded(context) || context.body() == null || context.body().buffer() == null) {
      context.next();
      return;
    }
    Buffer body = context.body().buffer();
    if (body.length() == 0) {
      context.next();
      return;
    }
    boolean limitArrays = context.normalizedPath().startsWith("/api/");
    String problem = violation(body.getBytes(), limitArrays);
    if (problem != null) {
      HttpProblems.send(context, 400, "Bad Request", problem);
      return;
    }
    context.next();
  }

  /** Why the body is refused, or null. The reason never quotes the body. */
  String violation(byte[] body, boolean limitArrays) {
    try (JsonParser parser = json.createParser(body)) {
      boolean rootComplete = false;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (rootComplete) {
          return "The body must be a single JSON value.";
        }
        JsonStreamContext context = parser.getParsingContext();
        // a container's start token already has the new container as its context
        JsonStreamContext enclosing = token.isStructStart() ? context.getParent() : context;
        if (limitArrays
            && (token.isScalarValue() || token.isStructStart())
            && enclosing.inArray()
            && enclosing.getCurrentIndex() >= maxArrayLength) {
          return "An array has more than " + maxArrayLength + " elements.";
        }
        boolean closesValue = token.isScalarValue() || token.isStructEnd();
        // after an end token the parser is already back in the enclosing context
        if (closesValue && context.inRoot()) {
          rootComplete = true;
        }
      }
      return null;
    } catch (StreamConstraintsException e) {
      return "The JSON body is nested too deeply or has an over-long value.";
    } catch (IOException e) {
      return "The body is not well-formed JSON.";
    }
  }
}
