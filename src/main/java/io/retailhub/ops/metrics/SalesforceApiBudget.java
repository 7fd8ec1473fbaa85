package io.retailhub.ops.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hub_salesforce_api_remaining_ratio}: the share of the org's daily API requests still
 * available, from the {@code Sforce-Limit-Info: api-usage=<used>/<max>} response header that
 * Salesforce returns on every REST call. Connector code calls {@link #recordLimitInfo(String)} with
 * the header's value; {@link SalesforceLimitListener} also records it whenever an exchange comes
 * back from an endpoint carrying that header. The gauge appears with the first reading: an absent
 * series means "not measured yet", never "budget exhausted".
 */
@Singleton
public class SalesforceApiBudget {

  public static final String LIMIT_INFO_HEADER = "Sforce-Limit-Info";
  static final String METER = "hub.salesforce.api.remaining.ratio";
  private static final Pattern API_USAGE = Pattern.compile("(?<![\\w-])api-usage=(\\d+)/(\\d+)");

  private final MeterRegistry registry;
  private final AtomicBoolean registered = new AtomicBoolean();
  private volatile double remainingRatio = Double.NaN;
  private long readingRequestSentNanos;

  @Inject
  public SalesforceApiBudget(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Records a {@code Sforce-Limit-Info} header value such as {@code api-usage=25/15000}; values
   * without an {@code api-usage} pair, or with a zero maximum, are ignored.
   */
  public void recordLimitInfo(String headerValue) {
    recordLimitInfo(headerValue, System.nanoTime());
  }

  /**
   * As {@link #recordLimitInfo(String)}, for the response to a request sent at {@code
   * requestSentNanos} ({@link System#nanoTime()}). A reading from a request older than the one
   * behind the current reading is ignored: a call refused while the budget was exhausted and
   * answered late must not replace the reading of a later call that found it reset.
   */
  public void recordLimitInfo(String headerValue, long requestSentNanos) {
    if (headerValue == null) {
      return;
    }
    Matcher usage = API_USAGE.matcher(headerValue);
    if (!usage.find()) {
      return;
    }
    long used = Long.parseLong(usage.group(1));
    long max = Long.parseLong(usage.group(2));
    if (max <= 0) {
      return;
    }
    synchronized (this) {
      if (!Double.isNaN(remainingRatio) && requestSentNanos - readingRequestSentNanos < 0) {
        return;
      }
      readingRequestSentNanos = requestSentNanos;
      remainingRatio = Math.max(0.0, (double) (max - used) / max);
    }
    if (registered.compareAndSet(false, true)) {
      Gauge.builder(METER, this, budget -> budget.remainingRatio)
          .description("Remaining share (0..1) of the Salesforce org's daily API requests")
          .register(registry);
    }
  }

  /** The last reading, if any. */
  public OptionalDouble remainingRatio() {
    double ratio = remainingRatio;
    return Double.isNaN(ratio) ? OptionalDouble.empty() : OptionalDouble.of(ratio);
  }
}
