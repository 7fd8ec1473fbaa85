package io.retailhub.ops.idempotency;

import io.retailhub.ops.deadletter.FlowSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The one idempotent repository of every flow: {@code CAMEL_MESSAGEPROCESSED} in PostgreSQL, shared
 * by all hub pods, one processor name per flow (the consuming route's group), so the same key in
 * two flows never collides. Use it as {@code idempotentRepository: "#hubIdempotentRepository"}.
 * Camel removes the key again when the failure of a message was handled (dead-lettered), so a
 * replay of that message is processed, not skipped as a duplicate.
 */
@ApplicationScoped
@Named("hubIdempotentRepository")
public class FlowIdempotentRepository extends ServiceSupport implements IdempotentRepository {

  private final DataSource dataSource;
  private final Map<String, JdbcMessageIdRepository> perFlow = new ConcurrentHashMap<>();

  FlowIdempotentRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private IdempotentRepository of(Exchange exchange) {
    return perFlow.computeIfAbsent(
        FlowSettings.flowOf(exchange),
        flow -> {
          JdbcMessageIdRepository repository =
              new SingleStatementMessageIdRepository(dataSource, flow);
          ServiceHelper.startService(repository);
          return repository;
        });
  }

  @Override
  public boolean add(Exchange exchange, String key) {
    return of(exchange).add(key);
  }

  @Override
  public boolean contains(Exchange exchange, String key) {
    return of(exchange).contains(key);
  }

  @Override
  public boolean remove(Exchange exchange, String key) {
    return of(exchange).remove(key);
  }

  @Override
  public boolean confirm(Exchange exchange, String key) {
    return of(exchange).confirm(key);
  }

  private static UnsupportedOperationException withoutFlow() {
    return new UnsupportedOperationException(
        "the hub repository needs the exchange to know its flow");
  }

  @Override
  public boolean add(String key) {
    throw withoutFlow();
  }

  @Override
  public boolean contains(String key) {
    throw withoutFlow();
  }

  @Override
  public boolean remove(String key) {
    throw withoutFlow();
  }

  @Override
  public boolean confirm(String key) {
    throw withoutFlow();
  }

  @Override
  public void clear() {
    throw withoutFlow();
  }

  @Override
  protected void doStop() {
    perFlow.values().forEach(ServiceHelper::stopService);
    perFlow.clear();
  }
}
