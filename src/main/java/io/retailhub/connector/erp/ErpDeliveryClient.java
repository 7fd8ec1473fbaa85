package io.retailhub.connector.erp;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.connector.erp.ErpSalesOrderClient.ErpUnavailableException;
import io.retailhub.connector.throttle.OutboundThrottle;
import io.retailhub.mapping.erp.ErpDeliveryMapper;
import io.retailhub.mapping.erp.ErpOData;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import io.retailhub.model.ShipmentEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the outbound deliveries of one sales order from {@code API_OUTBOUND_DELIVERY_SRV;v=0002}.
 * The delivery header has no sales order field (the reference sits on the items), so the client
 * filters {@code A_OutbDeliveryItem} by {@code ReferenceSDDocument} and then reads each header with
 * its items, which carry carrier and tracking number.
 */
@ApplicationScoped
public class ErpDeliveryClient {
  static final String SERVICE = "/sap/opu/odata/sap/API_OUTBOUND_DELIVERY_SRV;v=0002";

  private final HttpClient http;
  private final String baseUrl;
  private final Duration timeout;
  private final OutboundThrottle throttle;

  public ErpDeliveryClient(
      @ConfigProperty(name = "hub.erp.base-url") String baseUrl,
      @ConfigProperty(name = "hub.orders.erp-timeout") Duration timeout,
      OutboundThrottle throttle) {
    this.baseUrl = baseUrl;
    this.timeout = timeout;
    this.throttle = throttle;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The sales order's deliveries, oldest delivery document first; empty when none shipped. */
  public List<ShipmentEvent> deliveriesOf(String salesOrder, String correlationId) {
    String filter = "ReferenceSDDocument eq '" + salesOrder.replace("'", "''") + "'";
    JsonNode items =
        get(
            SERVICE
                + "/A_OutbDeliveryItem?$filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20")
                + "&$format=json",
            correlationId);
    Set<String> documents = new LinkedHashSet<>();
    for (JsonNode item : ErpOData.results(items, "A_OutbDeliveryItem")) {
      documents.add(item.path("DeliveryDocument").asText());
    }
    List<ShipmentEvent> shipments = new ArrayList<>();
    for (String document : documents.stream().sorted().toList()) {
      JsonNode header =
          get(
              SERVICE
                  + "/A_OutbDeliveryHeader('"
                  + URLEncoder.encode(document, StandardCharsets.UTF_8)
                  + "')?$expand=to_DeliveryDocumentItem&$format=json",
              correlationId);
      shipments.add(ErpDeliveryMapper.shipmentOf(header));
    }
    return shipments;
  }

  private JsonNode get(String path, String correlationId) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .header(
                ErpSalesOrderClient.CORRELATION_HEADER, correlationId == null ? "" : correlationId)
            .GET()
            .build();
    try {
      // one permit of the shared ERP throttle per request (routes/connectors/erp-outbound)
      throttle.acquire(Platform.ERP);
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new ErpUnavailableException(
            "ERP answered " + response.statusCode() + " to a delivery read", null);
      }
      return CanonicalJson.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new ErpUnavailableException("ERP unreachable: delivery read: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ErpUnavailableException("interrupted: delivery read", e);
    }
  }
}
