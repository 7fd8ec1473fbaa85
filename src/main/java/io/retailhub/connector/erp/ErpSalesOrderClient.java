package io.retailhub.connector.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.connector.throttle.OutboundThrottle;
import io.retailhub.mapping.erp.ErpSalesOrder;
import io.retailhub.mapping.erp.ErpSalesOrderMapper;
import io.retailhub.mapping.erp.ErpSettings;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Order;
import io.retailhub.model.Platform;
import io.retailhub.ops.audit.AuditLog;
import io.retailhub.ops.privacy.PiiMasker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates and reads sales orders in {@code API_SALES_ORDER_SRV}. SAP refuses a modifying call
 * without a CSRF token bound to the session cookie, so the client fetches one ({@code x-csrf-token:
 * Fetch} on a GET), keeps the cookie, and fetches again once when the ERP answers 403 "Required"
 * (session expired). Creation is idempotent: {@code PurchaseOrderByCustomer} is the hub order ID
 * and the ERP returns the existing order for a repeat, so a retry after a timeout is safe.
 *
 * <p>A business rejection (HTTP 400 with a SAP error body) is a result, not an exception: it must
 * neither trip the circuit breaker nor send the order to the pending-ERP queue. Everything else
 * that fails (I/O, timeout, 5xx, a CSRF loop) is {@link ErpUnavailableException}.
 */
@ApplicationScoped
@Named("erpSalesOrderClient")
public class ErpSalesOrderClient {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(ErpSalesOrderClient.class);
  static final String SERVICE = "/sap/opu/odata/sap/API_SALES_ORDER_SRV";
  static final String CORRELATION_HEADER = "X-Correlation-ID";

  /** What the ERP answered to a create: a sales order number, or its reason for refusing. */
  public record CreateResult(String hubOrderId, String erpOrderNumber, String rejection) {
    public boolean created() {
      return erpOrderNumber != null;
    }
  }

  /** The ERP could not be reached or did not answer usefully; the order can be retried later. */
  public static final class ErpUnavailableException extends RuntimeException {
    public ErpUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HttpClient http;
  private final String baseUrl;
  private final Duration timeout;
  private final ErpSettings settings = ErpSettings.standard();
  private final OutboundThrottle throttle;
  private final AuditLog audit;

  private volatile Session session;

  private record Session(String cookie, String csrfToken) {}

  public ErpSalesOrderClient(
      @ConfigProperty(name = "hub.erp.base-url") String baseUrl,
      @ConfigProperty(name = "hub.orders.erp-timeout") Duration timeout,
      OutboundThrottle throttle,
      AuditLog audit) {
    this.audit = audit;
    this.baseUrl = baseUrl;
    this.throttle = throttle;
    this.timeout = timeout;
    // HTTP/1.1 as SAP Gateway speaks it; the JDK default (HTTP/2) offers an h2c upgrade on every
    // new connection, which the ERP ignores, at the cost of larger requests
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  /**
   * POSTs the order as {@code A_SalesOrder} (deep insert with items). The sold-to party is the
   * order's ERP business partner ({@code platformIds.erp}).
   */
  public CreateResult create(Order order, String correlationId) {
    return create(order, correlationId, "hub:order-submission");
  }

  /**
   * The create on behalf of {@code actor} (the flow), audited: CREATED with the ERP number,
   * REJECTED with the ERP's reason (masked), or UNAVAILABLE when the ERP gave no answer.
   */
  public CreateResult create(Order order, String correlationId, String actor) {
    CreateResult result;
    try {
      result = createUnaudited(order, correlationId);
    } catch (RuntimeException failure) {
      audit(
          actor,
          order,
          failure instanceof ErpUnavailableException ? "UNAVAILABLE" : "FAILED",
          correlationId,
          failure.getClass().getSimpleName());
      throw failure;
    }
    if (result.created()) {
      audit(actor, order, "CREATED", correlationId, "A_SalesOrder " + result.erpOrderNumber());
    } else {
      audit(actor, order, "REJECTED", correlationId, PiiMasker.maskLogText(result.rejection()));
    }
    return result;
  }

  private void audit(
      String actor, Order order, String outcome, String correlationId, String detail) {
    try {
      audit.record(
          actor,
          "order.erp-create",
          "erp",
          order.hubOrderId(),
          outcome,
          correlationId,
          detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500));
    } catch (java.sql.SQLException e) {
      // the ERP write happened (or not) either way; a lost audit row must not turn a created
      // order into a failed request (nor count against the ERP's circuit breaker)
      LOG.errorf(
          "audit record of the ERP create of %s (%s) not written: %s",
          order.hubOrderId(), outcome, e.getMessage());
    }
  }

  private CreateResult createUnaudited(Order order, String correlationId) {
    ObjectNode body =
        ErpSalesOrderMapper.toSalesOrderCreate(order, order.platformId(Platform.ERP), settings);
    HttpResponse<String> response = postWithCsrf(CanonicalJson.toJson(body), correlationId);
    int status = response.statusCode();
    if (status == 200 || status == 201) {
      ErpSalesOrder created = ErpSalesOrderMapper.fromSalesOrder(readJson(response.body()));
      return new CreateResult(order.hubOrderId(), created.salesOrder(), null);
    }
    if (status == 400) {
      return new CreateResult(order.hubOrderId(), null, sapMessage(response.body()));
    }
    throw new ErpUnavailableException(
        "ERP answered " + status + " to the sales order create of " + order.hubOrderId(), null);
  }

  /** The ERP's sales order with its items ({@code $expand=to_Item}), or empty when unknown. */
  public Optional<JsonNode> read(String erpOrderNumber, String correlationId) {
    String uri =
        baseUrl
            + SERVICE
            + "/A_SalesOrder('"
            + URLEncoder.encode(erpOrderNumber.replace("'", "''"), StandardCharsets.UTF_8)
            + "')?$expand=to_Item&$format=json";
    HttpResponse<String> response =
        send(get(uri, correlationId).build(), "read sales order " + erpOrderNumber);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new ErpUnavailableException(
          "ERP answered " + response.statusCode() + " to a read of " + erpOrderNumber, null);
    }
    return Optional.of(readJson(response.body()));
  }

  private HttpResponse<String> postWithCsrf(String json, String correlationId) {
    Session current = session != null ? session : fetchSession(correlationId);
    for (int attempt = 0; attempt < 2; attempt++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + SERVICE + "/A_SalesOrder"))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .header("x-csrf-token", current.csrfToken())
              .header("Cookie", current.cookie())
              .header(CORRELATION_HEADER, correlationId == null ? "" : correlationId)
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      HttpResponse<String> response = send(request, "create sales order");
      boolean tokenRefused =
          response.statusCode() == 403
              && "required"
                  .equalsIgnoreCase(response.headers().firstValue("x-csrf-token").orElse(""));
      if (!tokenRefused) {
        return response;
      }
      current = fetchSession(correlationId);
    }
    throw new ErpUnavailableException("ERP refused two fresh CSRF tokens", null);
  }

  private synchronized Session fetchSession(String correlationId) {
    HttpRequest.Builder request = get(baseUrl + SERVICE, correlationId);
    request.header("x-csrf-token", "Fetch");
    HttpResponse<String> response = send(request.build(), "fetch CSRF token");
    String token = response.headers().firstValue("x-csrf-token").orElse(null);
    List<String> cookies = response.headers().allValues("set-cookie");
    if (response.statusCode() != 200 || token == null || cookies.isEmpty()) {
      throw new ErpUnavailableException(
          "ERP gave no CSRF token (HTTP " + response.statusCode() + ")", null);
    }
    StringBuilder cookie = new StringBuilder();
    for (String setCookie : cookies) {
      if (!cookie.isEmpty()) {
        cookie.append("; ");
      }
      cookie.append(setCookie.split(";", 2)[0]);
    }
    session = new Session(cookie.toString(), token);
    return session;
  }

  private HttpRequest.Builder get(String uri, String correlationId) {
    return HttpRequest.newBuilder(URI.create(uri))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header(CORRELATION_HEADER, correlationId == null ? "" : correlationId)
        .GET();
  }

  private HttpResponse<String> send(HttpRequest request, String what) {
    // every request to the ERP, CSRF fetches included, takes one permit of the shared ERP throttle
    throttle.acquire(Platform.ERP);
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ErpUnavailableException("ERP unreachable: " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ErpUnavailableException("interrupted: " + what, e);
    }
  }

  private static JsonNode readJson(String body) {
    try {
      return CanonicalJson.mapper().readTree(body);
    } catch (IOException e) {
      throw new ErpUnavailableException("ERP answered with a body that is not JSON", e);
    }
  }

  /** SAP Gateway's {@code error.message.value}, or the raw body when it is not such an error. */
  static String sapMessage(String body) {
    try {
      JsonNode error = CanonicalJson.mapper().readTree(body).path("error");
      String message = error.path("message").path("value").asText("");
      String code = error.path("code").asText("");
      if (!message.isBlank()) {
        return code.isBlank() ? message : message + " (" + code + ")";
      }
    } catch (IOException notJson) {
      // fall through: quote what the ERP sent
    }
    return body;
  }
}
