package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.ops.idempotency.SingleStatementMessageIdRepository;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The one-statement repository keeps the contract of Camel's JDBC repository, across pods too. */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class SingleStatementMessageIdRepositoryTest {

  @Inject DataSource dataSource;

  @Test
  void addIsTrueOnlyTheFirstTimeAndRemoveForgetsTheKey() {
    SingleStatementMessageIdRepository repository = repository("flow-" + UUID.randomUUID());
    String key = "event-" + UUID.randomUUID();

    assertThat(repository.contains(key)).isFalse();
    assertThat(repository.add(key)).isTrue();
    assertThat(repository.add(key)).isFalse();
    assertThat(repository.contains(key)).isTrue();
    assertThat(repository.remove(key)).isTrue();
    assertThat(repository.contains(key)).isFalse();
    assertThat(repository.remove(key)).isFalse();
  }

  @Test
  void aBatchOfKeysIsCheckedAndRecordedWholeAndAgreesWithTheSingleKeyCalls() {
    SingleStatementMessageIdRepository repository = repository("flow-" + UUID.randomUUID());
    String known = "event-" + UUID.randomUUID();
    String fresh = "event-" + UUID.randomUUID();
    String other = "event-" + UUID.randomUUID();
    repository.add(known);

    assertThat(repository.containedOf(List.of(known, fresh, other))).containsExactly(known);
    assertThat(repository.containedOf(List.of())).isEmpty();

    repository.addAll(List.of(known, fresh));
    assertThat(repository.containedOf(List.of(known, fresh, other)))
        .containsExactlyInAnyOrder(known, fresh);
    assertThat(repository.contains(fresh)).isTrue();
    assertThat(repository.add(fresh)).isFalse();
    assertThat(repository.contains(other)).isFalse();
    assertThat(repository(known + "-elsewhere").containedOf(List.of(known))).isEmpty();
  }

  @Test
  void theSameKeyInTwoFlowsNeverCollides() {
    String key = "event-" + UUID.randomUUID();
    SingleStatementMessageIdRepository first = repository("flow-" + UUID.randomUUID());
    SingleStatementMessageIdRepository second = repository("flow-" + UUID.randomUUID());

    assertThat(first.add(key)).isTrue();
    assertThat(second.contains(key)).isFalse();
    assertThat(second.add(key)).isTrue();
  }

  @Test
  void concurrentAddsOfOneKeyFromSeveralPodsLetExactlyOneWin() throws Exception {
    String flow = "flow-" + UUID.randomUUID();
    String key = "event-" + UUID.randomUUID();
    // one repository instance per simulated pod; the primary key, not the instance, decides
    List<Callable<Boolean>> pods =
        IntStream.range(0, 8)
            .<Callable<Boolean>>mapToObj(pod -> () -> repository(flow).add(key))
            .toList();
    ExecutorService executor = Executors.newFixedThreadPool(pods.size());
    try {
      long winners = 0;
      for (Future<Boolean> outcome : executor.invokeAll(pods)) {
        winners += outcome.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      executor.shutdownNow();
    }
  }

  private SingleStatementMessageIdRepository repository(String flow) {
    return new SingleStatementMessageIdRepository(dataSource, flow);
  }
}
