package io.retailhub.api.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Unremovable;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.api.Problems;
import io.retailhub.api.orders.OrderStore.HubOrder;
import io.retailhub.connector.erp.ErpSalesOrderClient;
import io.retailhub.connector.erp.ErpSalesOrderClient.ErpUnavailableException;
import io.retailhub.mapping.erp.ErpSalesOrder;
import io.retailhub.mapping.erp.ErpSalesOrderMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.service.OrderContexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code GET /api/v1/orders/{id}}: the hub's record joined with the ERP's sales order, which is
 * authoritative for status, lines and shipments. When the ERP cannot be read the answer says {@code
 * "statusSource":"hub"} instead of failing, so a caller still sees that the order exists.
 */
@ApplicationScoped
@Named("orderQueries")
@Unremovable
public class OrderQueries {
  private final OrderStore store;
  private final ErpSalesOrderClient erp;
  private final OrderContexts contexts;

  public OrderQueries(OrderStore store, ErpSalesOrderClient erp, OrderContexts contexts) {
    this.store = store;
    this.erp = erp;
    this.contexts = contexts;
  }

  public void getOrder(Exchange exchange) throws SQLException, JsonProcessingException {
    Message message = exchange.getMessage();
    String id = message.getHeader("id", String.class);
    Optional<HubOrder> found = id == null ? Optional.empty() : store.find(id);
    if (found.isEmpty()) {
      Problems.notFound(exchange, "Unknown order", "No order with hub order ID " + id);
      return;
    }
    HubOrder order = found.get();
    ObjectNode answer = CanonicalJson.mapper().createObjectNode();
    answer.put("hubOrderId", order.hubOrderId());
    answer.put("status", order.status());
    answer.put("statusSource", "hub");
    answer.put("erpOrderNumber", order.erpOrderNumber());
    answer.put("channel", order.channel());
    answer.put("fulfilmentType", order.fulfilmentType());
    answer.put("marketplaceOrderRef", order.marketplaceOrderRef());
    answer.put("customerNotifications", order.customerNotifications());
    if (order.erpMessage() != null) {
      answer.put("erpMessage", order.erpMessage());
    }
    answer.put("createdAt", order.createdAt().toString());
    answer.put("updatedAt", order.updatedAt().toString());
    JsonNode submitted = CanonicalJson.mapper().readTree(order.orderJson());
    answer.set("lines", submitted.path("lines"));
    answer.putArray("shipments");
    if (order.erpOrderNumber() != null) {
      String correlationId = message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class);
      try {
        erp.read(order.erpOrderNumber(), correlationId)
            .ifPresent(salesOrder -> addErpView(answer, salesOrder));
        contexts.putShipments(answer, order.erpOrderNumber(), correlationId);
      } catch (ErpUnavailableException unavailable) {
        answer.put("erpUnavailable", unavailable.getMessage());
      }
    }
    message.removeHeaders("*", HttpEdgeFilter.CORRELATION_HEADER);
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    message.setBody(CanonicalJson.toJson(answer));
  }

  private static void addErpView(ObjectNode answer, JsonNode salesOrder) {
    ErpSalesOrder erpOrder = ErpSalesOrderMapper.fromSalesOrder(salesOrder);
    answer.put("status", erpOrder.status().name());
    answer.put("statusSource", "erp");
    OrderContexts.putErpLines(answer, salesOrder);
  }
}
