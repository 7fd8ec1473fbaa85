package io.retailhub.api.orders;

import io.retailhub.ops.idempotency.SingleStatementMessageIdRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * The persistent idempotent repository of the Salesforce order intake: an Order change event
 * replayed after a restart (same transaction key and sequence number) is processed once. The
 * submission's Idempotency-Key (the Salesforce Order ID) guards the order itself as well.
 */
@ApplicationScoped
public class SalesforceOrderIdempotency {
  @Produces
  @ApplicationScoped
  @Named("orderSalesforceEventIds")
  JdbcMessageIdRepository salesforceOrderEvents(DataSource dataSource) {
    return new SingleStatementMessageIdRepository(dataSource, "order-salesforce-intake");
  }
}
