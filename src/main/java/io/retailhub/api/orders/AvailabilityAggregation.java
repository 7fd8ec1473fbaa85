package io.retailhub.api.orders;

import io.quarkus.arc.Unremovable;
import io.retailhub.api.orders.OrderAvailability.AvailabilityReport;
import io.retailhub.api.orders.OrderAvailability.LineAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Joins the per-line answers of the availability splitter into one {@link AvailabilityReport},
 * ordered by line number, so the route can decide once: all available, or 409 with the short lines.
 */
@ApplicationScoped
@Named("orderAvailabilityAggregation")
@Unremovable
public class AvailabilityAggregation implements AggregationStrategy {

  @Override
  public Exchange aggregate(Exchange joined, Exchange line) {
    LineAvailability answer = line.getMessage().getBody(LineAvailability.class);
    if (joined == null) {
      List<LineAvailability> lines = new ArrayList<>();
      lines.add(answer);
      line.getMessage().setBody(new AvailabilityReport(lines));
      return line;
    }
    AvailabilityReport report = joined.getMessage().getBody(AvailabilityReport.class);
    report.lines().add(answer);
    report.lines().sort(Comparator.comparingInt(LineAvailability::lineNumber));
    return joined;
  }
}
