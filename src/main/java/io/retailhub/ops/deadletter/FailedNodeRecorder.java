package io.retailhub.ops.deadletter;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Records which route step failed, for the dead letter ({@link
 * FailureClassifier#FAILED_NODE_PROPERTY}). Camel names the failing route and endpoint but not the
 * step, and by the time the error handler's steps run the exchange's current node is theirs. This
 * interceptor sits inside each step's error handler: the innermost step that ends with an exception
 * names itself; a step that ends well clears the name again, so a failure handled inside a step (a
 * circuit breaker's fallback) is never reported for a later one.
 */
@Singleton
@Unremovable
public class FailedNodeRecorder implements InterceptStrategy {

  /**
   * Added before the routes are built: Camel Main takes a registry strategy only while none is
   * configured (see io.retailhub.ops.tracing.CorrelationMdc).
   */
  void install(@Observes BeforeConfigure configuring) {
    var extension = configuring.getCamelContext().getCamelContextExtension();
    if (!extension.getInterceptStrategies().contains(this)) {
      extension.addInterceptStrategy(this);
    }
  }

  @Override
  public Processor wrapProcessorInInterceptors(
      CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
    String nodeId = definition.getId();
    return new DelegateAsyncProcessor(target) {
      @Override
      public boolean process(Exchange exchange, AsyncCallback callback) {
        return super.process(
            exchange,
            doneSync -> {
              if (exchange.getException() != null) {
                if (exchange.getProperty(FailureClassifier.FAILED_NODE_PROPERTY) == null) {
                  exchange.setProperty(FailureClassifier.FAILED_NODE_PROPERTY, nodeId);
                }
              } else if (exchange.getProperty(FailureClassifier.FAILED_NODE_PROPERTY) != null) {
                exchange.removeProperty(FailureClassifier.FAILED_NODE_PROPERTY);
              }
              callback.done(doneSync);
            });
      }
    };
  }
}
