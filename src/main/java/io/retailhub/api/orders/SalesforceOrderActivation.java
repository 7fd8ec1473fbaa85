package io.retailhub.api.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Unremovable;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.customer.CustomerStore;
import io.retailhub.mapping.salesforce.SalesforceChangeEvent;
import io.retailhub.mapping.salesforce.SalesforceChangeEventMapper;
import io.retailhub.mapping.salesforce.SalesforceChangeType;
import io.retailhub.mapping.salesforce.SalesforceOrderMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Order;
import io.retailhub.model.OrderStatus;
import io.retailhub.model.Platform;
import io.retailhub.ops.deadletter.BusinessRuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * The Java steps of {@code routes/orders/order-salesforce-intake.camel.yaml}: recognise an Order
 * activation in a change event, read the Order and its items, turn them into the body of {@code
 * POST /api/v1/orders} for the shared submission process, and turn its answer into the write-back
 * to the Salesforce Order.
 */
@ApplicationScoped
@Named("salesforceOrderActivation")
@Unremovable
public class SalesforceOrderActivation {
  /** Header: the Salesforce Order record ID. */
  public static final String ORDER_ID_HEADER = "HubSalesforceOrderId";

  /** Header: the hub order ID, the Salesforce Order's external ID. */
  public static final String HUB_ORDER_ID_HEADER = "HubOrderId";

  /** Header: true when the Salesforce Order does not carry the hub order ID yet. */
  public static final String NEEDS_STAMP_HEADER = "HubSalesforceNeedsHubOrderId";

  static final String ORDER_PROPERTY = "salesforceOrder";
  static final String IDEMPOTENCY_PREFIX = "salesforce-order:";
  private static final String ACTIVATED = "Activated";
  private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9]{15,18}");
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  private final CustomerStore customers;
  private final ProducerTemplate producer;

  public SalesforceOrderActivation(CustomerStore customers, ProducerTemplate producer) {
    this.customers = customers;
    this.producer = producer;
  }

  /**
   * Runs the submission process ({@code direct:order-submission-intake}, the steps behind {@code
   * POST /api/v1/orders}) on an exchange of its own: the process ends its answers with a stop,
   * which must end only the submission, not this flow. The answer's status code and body come back
   * on this message.
   */
  public void submit(Exchange exchange) {
    Message message = exchange.getMessage();
    Exchange submission =
        producer.send(
            "direct:order-submission-intake",
            request -> {
              request.getMessage().setBody(message.getBody(String.class));
              request
                  .getMessage()
                  .setHeader(
                      OrderIntake.IDEMPOTENCY_HEADER,
                      message.getHeader(OrderIntake.IDEMPOTENCY_HEADER));
              request
                  .getMessage()
                  .setHeader(
                      HttpEdgeFilter.CORRELATION_HEADER,
                      message.getHeader(HttpEdgeFilter.CORRELATION_HEADER));
              request.setProperty(
                  OrderIntake.PRESET_HUB_ORDER_ID,
                  exchange.getProperty(OrderIntake.PRESET_HUB_ORDER_ID));
            });
    if (submission.getException() != null) {
      throw new IllegalStateException(
          "order submission failed for Salesforce Order "
              + recordId(exchange)
              + ": "
              + submission.getException(),
          submission.getException());
    }
    message.setHeader(
        Exchange.HTTP_RESPONSE_CODE,
        submission.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class));
    message.setBody(submission.getMessage().getBody(String.class));
  }

  /**
   * True for an Order event whose Status became Activated (an update that changed Status, or an
   * Order created already activated); sets the Order ID header for the later steps.
   */
  public boolean isActivation(Exchange exchange) throws JsonProcessingException {
    JsonNode message = JSON.readTree(exchange.getMessage().getBody(String.class));
    SalesforceChangeEvent event = SalesforceChangeEventMapper.parse(message);
    boolean statusChanged =
        event.changeType() == SalesforceChangeType.CREATE
            || (event.changeType() == SalesforceChangeType.UPDATE
                && event.changedFields().contains("Status"));
    boolean activated =
        "Order".equals(event.entityName())
            && statusChanged
            && event.fields() != null
            && ACTIVATED.equals(event.fields().path("Status").asText());
    if (activated) {
      exchange.getMessage().setHeader(ORDER_ID_HEADER, event.recordIds().get(0));
    }
    return activated;
  }

  /** The SOQL that reads the activated Order with its Account's golden ID. */
  public String orderQuery(Exchange exchange) {
    String orderId = recordId(exchange);
    return "SELECT Id, OrderNumber, Status, Type, Fulfilment_Type__c, CurrencyIsoCode,"
        + " TotalAmount, CreatedDate, Hub_Order_Id__c, ERP_Order_Number__c,"
        + " OrderReferenceNumber, ShippingStreet, ShippingCity, ShippingPostalCode,"
        + " ShippingCountry, Account.Golden_Customer_Id__c FROM Order WHERE Id = '"
        + orderId
        + "'";
  }

  /** Keeps the queried Order and returns the SOQL for its items (one level, no sub-query). */
  public String itemsQuery(Exchange exchange) throws JsonProcessingException {
    JsonNode result = JSON.readTree(exchange.getMessage().getBody(String.class));
    JsonNode order = result.path("records").path(0);
    if (order.isMissingNode()) {
      throw new BusinessRuleViolation(
          "salesforce-order-missing",
          "Salesforce Order " + recordId(exchange) + " was not found (deleted after activation?)");
    }
    exchange.setProperty(ORDER_PROPERTY, order);
    return "SELECT Id, Quantity, UnitPrice, TotalPrice, Product2.StockKeepingUnit"
        + " FROM OrderItem WHERE OrderId = '"
        + recordId(exchange)
        + "' ORDER BY OrderItemNumber";
  }

  /**
   * The Order and its items as the canonical order, then as the {@code POST /api/v1/orders} body:
   * the hub order ID is the one the Order carries, or one derived from the Order ID, so that a
   * replayed event submits the same order under the same Idempotency-Key.
   */
  public void toSubmission(Exchange exchange) throws JsonProcessingException {
    String orderId = recordId(exchange);
    ObjectNode order = exchange.getProperty(ORDER_PROPERTY, JsonNode.class).deepCopy();
    order.set("OrderItems", JSON.readTree(exchange.getMessage().getBody(String.class)));
    String existing = order.path(SalesforceOrderMapper.EXTERNAL_ID_FIELD).asText("");
    boolean needsStamp = existing.isBlank();
    String hubOrderId = needsStamp ? hubOrderIdFor(orderId) : existing;
    order.put(SalesforceOrderMapper.EXTERNAL_ID_FIELD, hubOrderId);
    // the org has no country picklists, so the ISO code is the plain country field
    if (!order.hasNonNull("ShippingCountryCode") && order.hasNonNull("ShippingCountry")) {
      order.set("ShippingCountryCode", order.get("ShippingCountry"));
    }
    Order canonical = SalesforceOrderMapper.fromOrder(order);
    String erpPartner = customers.platformIds(canonical.customerGoldenId()).get(Platform.ERP);
    if (erpPartner == null) {
      throw new BusinessRuleViolation(
          "customer-not-in-erp",
          "customer "
              + canonical.customerGoldenId()
              + " of Salesforce Order "
              + orderId
              + " has no ERP business partner yet");
    }
    ObjectNode request = JSON.valueToTree(canonical);
    request.remove("hubOrderId");
    request.remove("status");
    request.remove("placedAt");
    ObjectNode platformIds = request.putObject("platformIds");
    platformIds.put(Platform.SALESFORCE.wireCode(), orderId);
    platformIds.put(Platform.ERP.wireCode(), erpPartner);

    Message message = exchange.getMessage();
    String correlationId = message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class);
    message.removeHeaders("*");
    message.setHeader(HttpEdgeFilter.CORRELATION_HEADER, correlationId);
    message.setHeader(ORDER_ID_HEADER, orderId);
    message.setHeader(HUB_ORDER_ID_HEADER, hubOrderId);
    message.setHeader(NEEDS_STAMP_HEADER, needsStamp);
    message.setHeader(OrderIntake.IDEMPOTENCY_HEADER, IDEMPOTENCY_PREFIX + orderId);
    exchange.setProperty(OrderIntake.PRESET_HUB_ORDER_ID, hubOrderId);
    exchange.setProperty("salesforceSubmission", CanonicalJson.toJson(request));
    message.setBody(CanonicalJson.toJson(request));
  }

  /** The body that stamps the hub order ID on the Order, so later upserts by it find the Order. */
  public String hubOrderIdStamp(Exchange exchange) {
    ObjectNode body = JSON.createObjectNode();
    body.put(
        SalesforceOrderMapper.EXTERNAL_ID_FIELD,
        exchange.getMessage().getHeader(HUB_ORDER_ID_HEADER, String.class));
    return CanonicalJson.toJson(body);
  }

  /**
   * The submission's answer to the upsert body for the Salesforce Order: 201 confirmed with the ERP
   * number, 202 pending ERP. A refusal (400, 409, 422) leaves the Order as the user activated it
   * and goes to the dead letters with the reason; any other answer is retried.
   */
  public String writeBack(Exchange exchange) throws JsonProcessingException {
    Message message = exchange.getMessage();
    Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    String body = message.getBody(String.class);
    int code = status == null ? 200 : status;
    if (code == 201 || code == 202 || code == 200) {
      JsonNode answer = JSON.readTree(body);
      // the submission answers with the constant name (CONFIRMED, PENDING_ERP)
      OrderStatus orderStatus = OrderStatus.valueOf(answer.path("status").asText());
      String erpOrderNumber = answer.path("erpOrderNumber").asText(null);
      message.setHeader(HUB_ORDER_ID_HEADER, answer.path("hubOrderId").asText());
      return CanonicalJson.toJson(
          SalesforceOrderMapper.toStatusUpdate(orderStatus, erpOrderNumber, null));
    }
    if (code == 400 || code == 409 || code == 422) {
      throw new BusinessRuleViolation(
          "salesforce-order-refused",
          "Salesforce Order "
              + message.getHeader(ORDER_ID_HEADER, String.class)
              + " refused by the order process ("
              + code
              + "): "
              + body);
    }
    throw new IllegalStateException(
        "order process answered " + code + " for Salesforce Order " + recordId(exchange));
  }

  static String hubOrderIdFor(String salesforceOrderId) {
    return "HO-"
        + UUID.nameUUIDFromBytes(
            ("salesforce:Order:" + salesforceOrderId).getBytes(StandardCharsets.UTF_8));
  }

  private static String recordId(Exchange exchange) {
    String id = exchange.getMessage().getHeader(ORDER_ID_HEADER, String.class);
    // the ID is put into SOQL: only a well-formed record ID may get there
    if (id == null || !RECORD_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a Salesforce record ID: " + id);
    }
    return id;
  }
}
