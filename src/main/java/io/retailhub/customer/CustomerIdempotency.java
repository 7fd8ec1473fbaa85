package io.retailhub.customer;

import io.retailhub.ops.idempotency.SingleStatementMessageIdRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * One persistent idempotent repository per customer source, so a redelivered event (Kafka
 * rebalance, webhook retry, hub restart) is merged once, and sources never shadow each other's IDs.
 */
@ApplicationScoped
public class CustomerIdempotency {
  @Produces
  @ApplicationScoped
  @Named("customerErpEventIds")
  JdbcMessageIdRepository erpEvents(DataSource dataSource) {
    return new SingleStatementMessageIdRepository(dataSource, "customer-erp-ingest");
  }

  @Produces
  @ApplicationScoped
  @Named("customerServiceDeskEventIds")
  JdbcMessageIdRepository serviceDeskEvents(DataSource dataSource) {
    return new SingleStatementMessageIdRepository(dataSource, "customer-servicedesk-ingest");
  }

  @Produces
  @ApplicationScoped
  @Named("customerSalesforceEventIds")
  JdbcMessageIdRepository salesforceEvents(DataSource dataSource) {
    return new SingleStatementMessageIdRepository(dataSource, "customer-salesforce-ingest");
  }

  @Produces
  @ApplicationScoped
  @Named("customerChangeIds")
  JdbcMessageIdRepository canonicalChanges(DataSource dataSource) {
    return new SingleStatementMessageIdRepository(dataSource, "customer-merge");
  }
}
