package io.retailhub.ops.hawtio;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Set;

/**
 * Hawtio is a single-page app: a bookmarked view such as /hawtio/camel/routes has no file behind
 * it, so the browser gets index.html and the app draws the view from the address. Files (a dot in
 * the last segment) and Hawtio's servlets pass through untouched.
 */
public class ConsoleDeepLinkFilter implements Filter {

  static final String CONSOLE = "/hawtio/";
  private static final Set<String> SERVLETS =
      Set.of("jolokia", "proxy", "user", "auth", "keycloak", "plugin");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = ((HttpServletRequest) request).getRequestURI();
    if (isView(path)) {
      request.getRequestDispatcher(CONSOLE + "index.html").forward(request, response);
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean isView(String path) {
    if (!path.startsWith(CONSOLE) || path.length() == CONSOLE.length()) {
      return false;
    }
    String rest = path.substring(CONSOLE.length());
    String first = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    String last = rest.substring(rest.lastIndexOf('/') + 1);
    return !SERVLETS.contains(first) && !last.contains(".");
  }
}
