package io.retailhub.ops.hawtio;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The runtime switch of the route console: with {@code hub.hawtio.enabled=false} (the {@code %prod}
 * default, HUB_HAWTIO_ENABLED=true turns it on) every /hawtio path, Jolokia included, answers 404
 * as if the console were not installed. Callers reach this filter only after HubAccessPolicy let
 * them through.
 */
public class ConsoleSwitchFilter implements Filter {

  private Boolean enabled;

  public ConsoleSwitchFilter() {}

  /** With the switch given, not read from the configuration (tests). */
  ConsoleSwitchFilter(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public void init(jakarta.servlet.FilterConfig config) {
    if (enabled == null) {
      enabled =
          ConfigProvider.getConfig()
              .getOptionalValue("hub.hawtio.enabled", Boolean.class)
              .orElse(false);
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!enabled) {
      ((HttpServletResponse) response).sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    chain.doFilter(request, response);
  }
}
