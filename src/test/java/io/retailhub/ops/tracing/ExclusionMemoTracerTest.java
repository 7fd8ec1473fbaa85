package io.retailhub.ops.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.junit.jupiter.api.Test;

class ExclusionMemoTracerTest {

  private final DefaultCamelContext camel = new DefaultCamelContext();

  @Test
  void answersAsCamelsOwnTracerDoesForEveryKindOfUri() {
    ExclusionMemoTracer memo = new ExclusionMemoTracer();
    OpenTelemetryTracer camels = new OpenTelemetryTracer();
    memo.setExcludePatterns("bean:*,direct:*");
    camels.setExcludePatterns("bean:*,direct:*");

    for (String uri :
        new String[] {
          "bean://inventoryApiGetSku",
          "direct://inventory-webhook-intake",
          "kafka://retail.inventory.position.v1?synchronous=true",
          "jms://queue:hub.orders.pending-erp",
          "platform-http:///api/v1/inventory/%7Bsku%7D?httpMethodRestrict=GET"
        }) {
      // twice: the second answer is the remembered one
      assertThat(memo.exclude(uri, camel)).as(uri).isEqualTo(camels.exclude(uri, camel));
      assertThat(memo.exclude(uri, camel)).as(uri).isEqualTo(camels.exclude(uri, camel));
    }
    assertThat(memo.exclude("bean://inventoryApiGetSku", camel)).isTrue();
    assertThat(memo.exclude("kafka://retail.inventory.position.v1", camel)).isFalse();
    assertThat(memo.exclude(null, camel)).isFalse();
  }

  @Test
  void newPatternsForgetTheRememberedAnswers() {
    ExclusionMemoTracer memo = new ExclusionMemoTracer();
    memo.setExcludePatterns("bean:*");
    assertThat(memo.exclude("kafka://retail.orders.v1", camel)).isFalse();

    memo.setExcludePatterns("kafka:*");

    assertThat(memo.exclude("kafka://retail.orders.v1", camel)).isTrue();
    assertThat(memo.exclude("bean://orderSubmission", camel)).isFalse();
  }

  @Test
  void urisBeyondTheBoundAreStillAnsweredRight() {
    ExclusionMemoTracer memo = new ExclusionMemoTracer();
    memo.setExcludePatterns("direct:*");
    IntStream.range(0, ExclusionMemoTracer.MOST_URIS_REMEMBERED)
        .forEach(i -> memo.exclude("http://erp/orders/" + i, camel));

    assertThat(memo.exclude("direct://beyond-the-bound", camel)).isTrue();
    assertThat(memo.exclude("http://erp/orders/beyond-the-bound", camel)).isFalse();
  }
}
