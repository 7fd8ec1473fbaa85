package io.retailhub.connector.salesforce;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The Salesforce sync's aggregation strategy: collects pending read-model rows into a {@link
 * PositionBatch} that holds only the newest position per SKU and location (by source sequence).
 */
@ApplicationScoped
@Named("newestPositionPerKey")
public class NewestPositionPerKey implements AggregationStrategy {

  @Override
  @SuppressWarnings("unchecked")
  public Exchange aggregate(Exchange batchExchange, Exchange rowExchange) {
    PendingPosition incoming = PendingPosition.fromRow(rowExchange.getIn().getBody(Map.class));
    if (batchExchange == null) {
      PositionBatch batch = new PositionBatch();
      batch.offer(incoming);
      rowExchange.getIn().setBody(batch);
      return rowExchange;
    }
    batchExchange.getIn().getBody(PositionBatch.class).offer(incoming);
    return batchExchange;
  }
}
