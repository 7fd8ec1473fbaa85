package io.retailhub.api.orders;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderAdmissionTest {
  private final CamelContext camel = new DefaultCamelContext();

  @AfterEach
  void stop() throws Exception {
    camel.close();
  }

  private Exchange submission() {
    return new DefaultExchange(camel);
  }

  @Test
  void pastTheLimitASubmissionIsRefusedUntilOneInFlightIsDone() {
    OrderAdmission admission = new OrderAdmission(2);
    Exchange first = submission();
    admission.admit(first);
    admission.admit(submission());

    assertThatThrownBy(() -> admission.admit(submission()))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("2 submissions in flight");

    first.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(first));
    assertThatCode(() -> admission.admit(submission())).doesNotThrowAnyException();
  }

  @Test
  void aFailedSubmissionGivesItsPlaceBackToo() {
    OrderAdmission admission = new OrderAdmission(1);
    Exchange failed = submission();
    admission.admit(failed);
    failed.setException(new IllegalStateException("the ERP refused"));

    failed.getExchangeExtension().handoverCompletions().forEach(done -> done.onFailure(failed));

    assertThatCode(() -> admission.admit(submission())).doesNotThrowAnyException();
  }
}
