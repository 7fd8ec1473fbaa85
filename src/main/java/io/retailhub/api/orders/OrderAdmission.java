package io.retailhub.api.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The admission limit of {@code POST /api/v1/orders}: at most {@code
 * hub.orders.max-concurrent-submissions} submissions in flight. Camel's throttle EIP has this mode
 * (ConcurrentRequests), but with it Camel 4.17 cannot dump its routes, and the Hawtio route tree
 * fails (docs/decisions/0062-order-admission-limit.md).
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("orderAdmission")
public class OrderAdmission {
  private final int limit;
  private final Semaphore places;

  OrderAdmission(@ConfigProperty(name = "hub.orders.max-concurrent-submissions") int limit) {
    this.limit = limit;
    this.places = new Semaphore(limit);
  }

  /**
   * Gives the submission a place until its exchange is done (answered, whatever the answer), or
   * refuses it with a {@link RejectedExecutionException}, which api-errors answers 503.
   */
  public void admit(Exchange exchange) {
    if (!places.tryAcquire()) {
      throw new RejectedExecutionException(
          "order submission at capacity: " + limit + " submissions in flight");
    }
    exchange
        .getExchangeExtension()
        .addOnCompletion(
            new SynchronizationAdapter() {
              @Override
              public void onDone(Exchange done) {
                places.release();
              }
            });
  }
}
