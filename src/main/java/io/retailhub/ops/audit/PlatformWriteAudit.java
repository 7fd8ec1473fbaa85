package io.retailhub.ops.audit;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.SQLException;
import org.apache.camel.Exchange;

/**
 * One audit record per write the hub made to a platform, called by a flow right after the write
 * succeeded. The actor is the flow (route group), the entity key the platform record the write
 * addressed; the headers are the customer and order flows' own {@code Hub*} headers, which never
 * leave the hub.
 */
@ApplicationScoped
@Named("platformWriteAudit")
@Unremovable
public class PlatformWriteAudit {
  public static final String ACTION_HEADER = "HubAuditAction";
  public static final String TARGET_HEADER = "HubPushPlatform";
  public static final String ENTITY_HEADER = "HubPlatformRecordId";

  private final AuditLog audit;

  PlatformWriteAudit(AuditLog audit) {
    this.audit = audit;
  }

  public void record(Exchange exchange) throws SQLException {
    var message = exchange.getMessage();
    String route = exchange.getFromRouteId();
    String flow =
        route == null || exchange.getContext().getRoute(route) == null
            ? route
            : exchange.getContext().getRoute(route).getGroup();
    String action = message.getHeader(ACTION_HEADER, String.class);
    if (action == null) {
      action = message.getHeader("HubPushTarget", String.class);
    }
    String target = message.getHeader(TARGET_HEADER, String.class);
    String entity = message.getHeader(ENTITY_HEADER, String.class);
    audit.record(
        "hub:" + flow,
        clip(action == null ? "write" : action, 64),
        clip(target == null ? "unknown" : target, 64),
        clip(entity == null ? "unknown" : entity, 200),
        "ok",
        message.getHeader("X-Correlation-ID", String.class),
        null);
  }

  private static String clip(String value, int length) {
    return value.length() <= length ? value : value.substring(0, length);
  }
}
