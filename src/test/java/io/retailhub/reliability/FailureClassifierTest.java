package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailhub.mapping.MappingException;
import io.retailhub.model.FieldViolation;
import io.retailhub.model.ValidationException;
import io.retailhub.ops.deadletter.BusinessRuleViolation;
import io.retailhub.ops.deadletter.FailureClassifier;
import io.retailhub.ops.deadletter.FailureKind;
import io.retailhub.ops.deadletter.FlowSettings;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which failures are retried: the whole rule set in one place, without a running hub. */
class FailureClassifierTest {

  private final FailureClassifier classifier =
      FailureClassifierAccess.create(new SmallRyeConfigBuilder().build());

  @ParameterizedTest(name = "HTTP {0} is {1}")
  @CsvSource({
    "400, BUSINESS",
    "404, BUSINESS",
    "409, BUSINESS",
    "422, BUSINESS",
    "408, TRANSIENT",
    "429, TRANSIENT",
    "500, TRANSIENT",
    "502, TRANSIENT",
    "503, TRANSIENT"
  })
  void httpStatusesAreClassified(int status, FailureKind expected) {
    assertThat(classifier.classify(http(status, Map.of(), "{}"))).isEqualTo(expected);
  }

  @Test
  void anAdmissionLimitsRefusalIsAnsweredAtOnceWhileATimeoutIsRetried() throws Exception {
    try (CamelContext camel = new DefaultCamelContext()) {
      Exchange refused = new DefaultExchange(camel);
      refused.setException(new RejectedExecutionException("order submission at capacity"));
      Exchange timedOut = new DefaultExchange(camel);
      timedOut.setException(new SocketTimeoutException("read timed out"));

      assertThat(classifier.retryApi(refused)).isFalse();
      assertThat(classifier.retryApi(timedOut)).isTrue();
    }
  }

  @Test
  void salesforceRequestLimitIsTransientEvenAsA403() {
    String body =
        "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]";
    assertThat(classifier.classify(http(403, Map.of(), body))).isEqualTo(FailureKind.TRANSIENT);
    assertThat(classifier.classify(http(403, Map.of(), "{\"errorCode\":\"INSUFFICIENT_ACCESS\"}")))
        .isEqualTo(FailureKind.BUSINESS);
  }

  @Test
  void salesforceComponentFailuresAreClassifiedByTheirStatusAndErrorCode() {
    var limit = new RestError("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
    var missing =
        new RestError("REQUIRED_FIELD_MISSING", "Required fields are missing: [AccountId]");
    assertThat(classifier.classify(new SalesforceException(List.of(limit), 403)))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(classifier.classify(new SalesforceException(List.of(missing), 400)))
        .isEqualTo(FailureKind.BUSINESS);
    assertThat(classifier.classify(new SalesforceException("unavailable", 503)))
        .isEqualTo(FailureKind.TRANSIENT);
  }

  @Test
  void canonicalAndMappingFailuresAreBusinessEvenWhenWrapped() {
    var violation = List.of(new FieldViolation("lines[0].quantity", "must be positive"));
    assertThat(classifier.classify(new ValidationException("Order", violation)))
        .isEqualTo(FailureKind.BUSINESS);
    assertThat(
            classifier.classify(
                new CamelExecutionException(
                    "wrapped", null, new MappingException("erp:A_SalesOrder", violation))))
        .isEqualTo(FailureKind.BUSINESS);
    assertThat(classifier.classify(new BusinessRuleViolation("unknown-sku", "SKU-X")))
        .isEqualTo(FailureKind.BUSINESS);
  }

  @Test
  void aRecordKafkaCanNeverTakeIsBusinessButABrokerOutageIsTransient() {
    assertThat(
            classifier.classify(
                new CamelExecutionException(
                    "send failed",
                    null,
                    new ExecutionException(new RecordTooLargeException("1048700 bytes")))))
        .isEqualTo(FailureKind.BUSINESS);
    assertThat(classifier.classify(new SerializationException("not serialisable")))
        .isEqualTo(FailureKind.BUSINESS);
    assertThat(
            classifier.classify(
                new ExecutionException(
                    new org.apache.kafka.common.errors.TimeoutException("no broker"))))
        .isEqualTo(FailureKind.TRANSIENT);
  }

  @Test
  void networkFailuresAndUnknownFailuresAreTransient() {
    assertThat(classifier.classify(new SocketTimeoutException("read timed out")))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(classifier.classify(new RuntimeException(new ConnectException("refused"))))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(classifier.classify(new IllegalStateException("a bug")))
        .isEqualTo(FailureKind.TRANSIENT);
  }

  @ParameterizedTest(name = "SQLState {0} is {1}")
  @CsvSource({
    "22007, BUSINESS",
    "23505, BUSINESS",
    "08006, TRANSIENT",
    "40001, TRANSIENT",
    "57P01, TRANSIENT"
  })
  void sqlStatesAreClassified(String sqlState, FailureKind expected) {
    assertThat(classifier.classify(new RuntimeException(new SQLException("x", sqlState))))
        .isEqualTo(expected);
  }

  @Test
  void retryAfterIsReadInSecondsAndAsAnHttpDate() {
    assertThat(classifier.retryAfterMillis(http(429, Map.of("Retry-After", "7"), "")))
        .contains(7_000L);
    assertThat(
            classifier.retryAfterMillis(
                http(503, Map.of("retry-after", "Wed, 21 Oct 2099 07:28:00 GMT"), "")))
        .hasValueSatisfying(millis -> assertThat(millis).isPositive());
    assertThat(classifier.retryAfterMillis(http(503, Map.of(), ""))).isEmpty();
  }

  private static HttpOperationFailedException http(
      int status, Map<String, String> headers, String body) {
    return new HttpOperationFailedException(
        "http://platform/x", status, "status " + status, null, headers, body);
  }

  /** FlowSettings is only needed for the retry bound; classification does not read config. */
  static final class FailureClassifierAccess {
    static FailureClassifier create(org.eclipse.microprofile.config.Config config) {
      try {
        var settings =
            FlowSettings.class.getDeclaredConstructor(org.eclipse.microprofile.config.Config.class);
        settings.setAccessible(true);
        var ctor = FailureClassifier.class.getDeclaredConstructor(FlowSettings.class);
        ctor.setAccessible(true);
        return ctor.newInstance(settings.newInstance(config));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
