package io.retailhub.connector.erp;

import io.agroal.api.AgroalDataSource;
import io.retailhub.ops.idempotency.SingleStatementMessageIdRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

/**
 * The idempotent repository of the ERP webhook: table CAMEL_MESSAGEPROCESSED in PostgreSQL, shared
 * by every hub pod, with the flow name as processor name.
 */
@ApplicationScoped
public class ErpWebhookIdempotency {

  @Produces
  @io.quarkus.arc.Unremovable
  @ApplicationScoped
  @Named("inventoryWebhookMessageIds")
  SingleStatementMessageIdRepository inventoryWebhookMessageIds(AgroalDataSource dataSource) {
    return new SingleStatementMessageIdRepository(dataSource, "inventory-webhook");
  }
}
