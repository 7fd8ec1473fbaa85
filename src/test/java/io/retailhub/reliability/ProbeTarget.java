package io.retailhub.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailhub.ops.deadletter.BusinessRuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;

/**
 * The target platform of the test-only probe flows: it knows a set of SKUs (an unknown one is a
 * business failure), can time out a given number of times per message key (transient failure), and
 * counts every side effect so tests can assert "exactly once".
 */
@ApplicationScoped
@Named("probeTarget")
public class ProbeTarget {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> knownSkus = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> recorded = new ConcurrentHashMap<>();

  public ProbeTarget() {
    knownSkus.add("SKU-0001");
  }

  /** Body: {"key": "...", "sku": "...", "timeouts": n}. */
  public void deliver(String body) throws Exception {
    JsonNode message = JSON.readTree(body);
    String key = message.path("key").asText();
    int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (attempt <= message.path("timeouts").asInt(0)) {
      throw new SocketTimeoutException("probe target timed out (attempt " + attempt + ")");
    }
    String sku = message.path("sku").asText();
    if (!knownSkus.contains(sku)) {
      throw new BusinessRuleViolation("unknown-sku", "SKU " + sku + " is not known to the target");
    }
    delivered.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  public void record(Exchange exchange) {
    String eventId = exchange.getIn().getHeader("ce_id", String.class);
    recorded.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
  }

  public void addSku(String sku) {
    knownSkus.add(sku);
  }

  public int attempts(String key) {
    return attempts.getOrDefault(key, new AtomicInteger()).get();
  }

  public int delivered(String key) {
    return delivered.getOrDefault(key, new AtomicInteger()).get();
  }

  public int recorded(String eventId) {
    return recorded.getOrDefault(eventId, new AtomicInteger()).get();
  }
}
