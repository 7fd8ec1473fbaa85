package io.retailhub.connector.salesforce;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.util.concurrent.ExecutorService;
import org.apache.camel.util.concurrent.SynchronousExecutorService;

/**
 * The Salesforce sync's aggregator sends each completed batch on the thread that completed it.
 * Camel's default is a separate single-thread "Aggregator" pool: the run would end while its
 * batches are still queued, and the next run would read and send the same pending rows again.
 * Inline, a run (timer {@code synchronous: true}) ends only when every batch is sent and settled.
 */
@ApplicationScoped
public class InlineBatchExecutor {

  @Produces
  @ApplicationScoped
  @Named("salesforceSyncInlineExecutor")
  ExecutorService salesforceSyncInlineExecutor() {
    return new SynchronousExecutorService();
  }
}
