package io.retailhub.connector.erp;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.retailhub.connector.throttle.OutboundThrottle;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.mapping.erp.ErpOData;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.InventoryPosition;
import io.retailhub.model.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads stock from the ERP's {@code API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod}: one SKU for
 * read-through lookups, or every row page by page ({@code $top}/{@code $skip}) for reconciliation.
 * The sandbox ERP adds {@code ReservedQtyInBaseUnit} and {@code ChangeSequence} to each row (real
 * S/4HANA keeps reservations in another entity); without them a row maps with reserved 0 and
 * sequence 0.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
@Named("erpStockClient")
public class ErpStockClient {
  static final String STOCK_SET = "/sap/opu/odata/sap/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod";
  private static final String UNRESTRICTED_USE = "01";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String baseUrl;
  private final int pageSize;
  private final OutboundThrottle throttle;
  private final CircuitBreaker breaker;

  public ErpStockClient(
      @ConfigProperty(name = "hub.erp.base-url") String baseUrl,
      @ConfigProperty(name = "hub.inventory.reconciliation.page-size", defaultValue = "200")
          int pageSize,
      OutboundThrottle throttle,
      @Named("erpCircuitBreaker") CircuitBreaker breaker) {
    this.baseUrl = baseUrl;
    this.pageSize = pageSize;
    this.throttle = throttle;
    this.breaker = breaker;
  }

  /** The positions of one SKU, optionally at one plant, as the ERP has them now. */
  public List<InventoryPosition> positionsOf(String sku, String plant) {
    String filter = "Material eq '" + sku.replace("'", "''") + "'";
    if (plant != null) {
      filter += " and Plant eq '" + plant.replace("'", "''") + "'";
    }
    return positionsOf(get("$filter=" + encode(filter) + "&$format=json"));
  }

  /** Every position, fetched one page at a time as the iterator advances. */
  public Iterator<InventoryPosition> allPositions() {
    return new Iterator<>() {
      private final Deque<InventoryPosition> page = new ArrayDeque<>();
      private int skip;
      private boolean exhausted;

      @Override
      public boolean hasNext() {
        while (page.isEmpty() && !exhausted) {
          JsonNode response = get("$top=" + pageSize + "&$skip=" + skip + "&$format=json");
          int rows = ErpOData.results(response, "A_MatlStkInAcctMod").size();
          skip += rows;
          exhausted = rows < pageSize;
          page.addAll(positionsOf(response));
        }
        return !page.isEmpty();
      }

      @Override
      public InventoryPosition next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.poll();
      }
    };
  }

  /** Sums the unrestricted-use rows of each material and plant into one position. */
  static List<InventoryPosition> positionsOf(JsonNode response) {
    MappingContext context = MappingContext.of("erp:A_MatlStkInAcctMod");
    Map<String, InventoryPosition> byKey = new LinkedHashMap<>();
    List<JsonNode> rows = ErpOData.results(response, "A_MatlStkInAcctMod");
    for (int i = 0; i < rows.size(); i++) {
      PayloadNode row = context.at("d.results[" + i + "]", rows.get(i));
      if (!UNRESTRICTED_USE.equals(row.optionalText("InventoryStockType"))) {
        continue;
      }
      String sku = row.requiredText("Material");
      String plant = row.requiredText("Plant");
      Long onHand = row.requiredQuantity("MatlWrhsStkQtyInMatlBaseUnit");
      JsonNode reservedNode = rows.get(i).get("ReservedQtyInBaseUnit");
      Long reserved = reservedNode == null ? 0L : row.requiredQuantity("ReservedQtyInBaseUnit");
      JsonNode sequenceNode = rows.get(i).get("ChangeSequence");
      Long sequence = sequenceNode == null ? 0L : row.requiredLong("ChangeSequence");
      java.time.Instant asOf = row.optionalSapDate("LastChangeDateTime");
      if (sku == null || plant == null || onHand == null || reserved == null || sequence == null) {
        continue;
      }
      InventoryPosition earlier = byKey.get(sku + "@" + plant);
      long totalOnHand = onHand + (earlier == null ? 0 : earlier.onHand());
      long totalReserved = reserved + (earlier == null ? 0 : earlier.reserved());
      long maxSequence = Math.max(sequence, earlier == null ? 0 : earlier.sourceSequence());
      java.time.Instant when = asOf != null ? asOf : java.time.Instant.now();
      byKey.put(
          sku + "@" + plant,
          new InventoryPosition(
              sku,
              plant,
              totalOnHand,
              totalReserved,
              totalOnHand - totalReserved,
              when,
              maxSequence));
    }
    context.failIfViolated();
    return new ArrayList<>(byKey.values());
  }

  private JsonNode get(String query) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + STOCK_SET + "?" + query))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .GET()
            .build();
    // one permit of the shared ERP throttle per request: a reconciliation takes one per page
    throttle.acquire(Platform.ERP);
    // the ERP's one circuit breaker (ErpCircuitBreaker): an open breaker answers at once, without
    // a request, as the ERP being unavailable; each request's outcome counts into it
    if (!breaker.tryAcquirePermission()) {
      throw new ErpUnavailableException("ERP circuit breaker is open; stock not read: " + query);
    }
    long started = breaker.getCurrentTimestamp();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new ErpUnavailableException(
            "ERP stock query answered " + response.statusCode() + " for " + query);
      }
      JsonNode answer = CanonicalJson.mapper().readTree(response.body());
      breaker.onSuccess(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit());
      return answer;
    } catch (IOException e) {
      breaker.onError(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit(), e);
      throw new UncheckedIOException("ERP stock query failed: " + query, e);
    } catch (InterruptedException e) {
      breaker.releasePermission();
      Thread.currentThread().interrupt();
      throw new ErpUnavailableException("interrupted while reading ERP stock");
    } catch (RuntimeException e) {
      breaker.onError(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit(), e);
      throw e;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The ERP did not answer a read as expected; a transient failure, worth retrying. */
  public static final class ErpUnavailableException extends RuntimeException {
    public ErpUnavailableException(String message) {
      super(message);
    }
  }
}
