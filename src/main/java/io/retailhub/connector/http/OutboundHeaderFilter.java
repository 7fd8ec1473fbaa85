package io.retailhub.connector.http;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * What the hub never sends to a platform over HTTP: Camel's own headers (as the default strategy)
 * and the hub's internal {@code Hub*} headers, such as the authenticated caller or a push target,
 * which are bookkeeping between steps, not part of any platform's API.
 */
@ApplicationScoped
@Unremovable
@Named("outboundHeaderFilter")
public class OutboundHeaderFilter extends HttpHeaderFilterStrategy {

  public OutboundHeaderFilter() {
    setOutFilterStartsWith("Camel", "camel", "org.apache.camel.", "Hub", "hub");
  }
}
