package io.retailhub.service;

import io.quarkus.arc.Unremovable;
import io.retailhub.ops.idempotency.SingleStatementMessageIdRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * The case-enrichment flow's persistent idempotent repository: every ticket event it consumed, by
 * Zendesk event id, so a Kafka redelivery (rebalance, restart) is not looked at twice. Its own
 * store: the webhook intake keeps the same ids under another processor name.
 */
@ApplicationScoped
public class CaseEnrichmentIdempotency {
  public static final String PROCESSOR_NAME = "case-enrichment";

  @Produces
  @Unremovable
  @ApplicationScoped
  @Named("caseEnrichmentEventIds")
  JdbcMessageIdRepository caseEnrichmentEventIds(DataSource dataSource) {
    return new SingleStatementMessageIdRepository(dataSource, PROCESSOR_NAME);
  }
}
