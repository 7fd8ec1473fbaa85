package io.retailhub.connector.servicedesk;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Unremovable;
import io.retailhub.ops.idempotency.SingleStatementMessageIdRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * The de-duplication store of service-desk webhook events: Zendesk retries a delivery until it gets
 * a 2xx, so the same event ID can arrive more than once. Shared by every hub pod (PostgreSQL).
 */
@ApplicationScoped
public class ServiceDeskWebhookEvents {

  public static final String PROCESSOR_NAME = "servicedesk-webhook";

  @Produces
  @Unremovable
  @ApplicationScoped
  @Named("serviceDeskWebhookEventIds")
  JdbcMessageIdRepository serviceDeskWebhookEventIds(AgroalDataSource dataSource) {
    return new SingleStatementMessageIdRepository(dataSource, PROCESSOR_NAME);
  }
}
