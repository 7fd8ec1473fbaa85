package io.retailhub.api.orders;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Unremovable;
import io.retailhub.api.HttpEdgeFilter;
import io.retailhub.api.Problems;
import io.retailhub.api.orders.OrderAvailability.AvailabilityReport;
import io.retailhub.api.orders.OrderAvailability.LineAvailability;
import io.retailhub.api.orders.OrderAvailability.LineRequest;
import io.retailhub.api.orders.OrderRequests.InvalidOrderRequest;
import io.retailhub.connector.erp.ErpSalesOrderClient;
import io.retailhub.connector.erp.ErpSalesOrderClient.CreateResult;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Order;
import io.retailhub.model.OrderLine;
import io.retailhub.model.OrderStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

/**
 * The steps of {@code routes/orders/order-submission.camel.yaml} that need Java: the
 * Idempotency-Key claim, canonical validation, the hub order record and the HTTP answers. The route
 * decides the order of the steps; each step here either prepares the next one or answers and sets
 * {@link #ANSWERED}, after which the route stops.
 */
@ApplicationScoped
@Named("orderIntake")
@Unremovable
public class OrderIntake {
  private static final Logger LOG = Logger.getLogger(OrderIntake.class);

  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  /** Exchange property: the request has its answer, the route stops. */
  public static final String ANSWERED = "orderAnswered";

  /** Exchange property: the canonical {@link Order}. */
  public static final String ORDER = "order";

  public static final String IDEMPOTENCY_KEY = "idempotencyKey";

  /** Exchange property: this request won the key (and recorded the order PLACED). */
  public static final String KEY_CLAIMED = "idempotencyKeyClaimed";

  /**
   * Exchange property: the hub order ID chosen by an internal caller (a Salesforce Order that
   * already names it); API requests never set it, they get a new ID.
   */
  public static final String PRESET_HUB_ORDER_ID = "presetHubOrderId";

  /** Exchange property set by the fulfilment router: the plant whose stock must cover the lines. */
  public static final String AVAILABILITY_LOCATION = "availabilityLocation";

  /** Exchange property set by the fulfilment router: false when the marketplace notifies. */
  public static final String CUSTOMER_NOTIFICATIONS = "customerNotifications";

  static final int MAX_KEY_LENGTH = 255;

  private final OrderStore store;
  private final ErpSalesOrderClient erp;

  public OrderIntake(OrderStore store, ErpSalesOrderClient erp) {
    this.store = store;
    this.erp = erp;
  }

  /** 400 without a usable Idempotency-Key; checked before anything else reads the request. */
  public void requireIdempotencyKey(Exchange exchange) {
    String key = exchange.getMessage().getHeader(IDEMPOTENCY_HEADER, String.class);
    if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      answerProblem(
          exchange,
          Problems.withErrors(
              Problems.problem(
                  400,
                  "idempotency-key-required",
                  "Idempotency-Key required",
                  "POST /api/v1/orders needs an Idempotency-Key header (1.."
                      + MAX_KEY_LENGTH
                      + " characters), unique per order"),
              List.of(new Problems.FieldError(IDEMPOTENCY_HEADER, "is required"))));
      return;
    }
    exchange.setProperty(IDEMPOTENCY_KEY, key);
  }

  /**
   * Claims the Idempotency-Key for the validated, routed order and records the order PLACED in the
   * same statement; or answers: replay, 422 other body, 409 busy. Runs after validation (pure, no
   * I/O), so an invalid body is refused without touching the key (docs/decisions/0061).
   */
  public void claimIdempotencyKey(Exchange exchange) throws SQLException {
    Message message = exchange.getMessage();
    String key = exchange.getProperty(IDEMPOTENCY_KEY, String.class);
    OrderStore.PlacedOrder placed =
        new OrderStore.PlacedOrder(
            exchange.getProperty(ORDER, Order.class),
            exchange.getProperty(CUSTOMER_NOTIFICATIONS, Boolean.TRUE, Boolean.class),
            message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class));
    OrderStore.Claim claim =
        store.claim(key, OrderRequests.requestHash(message.getBody(String.class)), placed);
    if (claim instanceof OrderStore.Claimed) {
      exchange.setProperty(KEY_CLAIMED, true);
    } else if (claim instanceof OrderStore.Replay replay) {
      keepOnlyResponseHeaders(message);
      message.setHeader(Exchange.HTTP_RESPONSE_CODE, replay.status());
      message.setHeader(Exchange.CONTENT_TYPE, contentTypeOf(replay.status()));
      message.setHeader("Idempotent-Replayed", "true");
      message.setBody(replay.body());
      exchange.setProperty(ANSWERED, true);
    } else if (claim instanceof OrderStore.BodyMismatch) {
      answerProblem(
          exchange,
          Problems.problem(
              422,
              "idempotency-key-reused",
              "Idempotency-Key reused with a different request",
              "The key " + key + " was first used with another request body"));
    } else if (claim instanceof OrderStore.StillInProgress) {
      answerProblem(
          exchange,
          Problems.problem(
              409,
              "idempotency-key-in-progress",
              "Request with this Idempotency-Key in progress",
              "Retry with the same key to receive the original answer"));
      message.setHeader("Retry-After", "1");
    }
  }

  /** Reads the body as a canonical order with a new hub order ID; 400 listing every bad field. */
  public void validate(Exchange exchange) {
    String preset = exchange.getProperty(PRESET_HUB_ORDER_ID, String.class);
    String hubOrderId = preset != null ? preset : "HO-" + UUID.randomUUID();
    try {
      Order order =
          OrderRequests.toOrder(
              exchange.getMessage().getBody(String.class), hubOrderId, Instant.now());
      exchange.setProperty(ORDER, order);
      exchange.setProperty("hubOrderId", order.hubOrderId());
      exchange.setProperty("fulfilmentType", order.fulfilmentType().name());
    } catch (InvalidOrderRequest invalid) {
      answerProblem(
          exchange,
          Problems.withErrors(
              Problems.problem(
                  400,
                  "invalid-order",
                  "Invalid order",
                  invalid.errors().size() + " field(s) rejected"),
              invalid.errors()));
    }
  }

  /** One availability question per line, at the plant the fulfilment router chose. */
  public List<LineRequest> availabilityRequests(Exchange exchange) {
    Order order = exchange.getProperty(ORDER, Order.class);
    String location = exchange.getProperty(AVAILABILITY_LOCATION, String.class);
    List<LineRequest> requests = new ArrayList<>();
    for (OrderLine line : order.lines()) {
      requests.add(new LineRequest(line.lineNumber(), line.sku(), location, line.quantity()));
    }
    return requests;
  }

  /**
   * 409 listing each short line with requested and available quantities; the key and the PLACED row
   * are dropped, so nothing is left created.
   */
  public void answerShortage(Exchange exchange) throws SQLException {
    AvailabilityReport report = exchange.getMessage().getBody(AvailabilityReport.class);
    store.releaseWithPlacedOrder(
        exchange.getProperty(IDEMPOTENCY_KEY, String.class),
        exchange.getProperty(ORDER, Order.class).hubOrderId());
    ObjectNode problem =
        Problems.problem(
            409,
            "insufficient-stock",
            "Insufficient stock",
            report.shortLines().size() + " line(s) cannot be fulfilled from the chosen location");
    ArrayNode lines = problem.putArray("lines");
    for (LineAvailability line : report.shortLines()) {
      lines
          .addObject()
          .put("lineNumber", line.lineNumber())
          .put("sku", line.sku())
          .put("location", line.location())
          .put("requested", line.requested())
          .put("available", line.available());
    }
    answerProblem(exchange, problem);
  }

  /** The ERP create, called inside the circuit breaker. */
  public CreateResult createInErp(Exchange exchange) {
    return erp.create(
        exchange.getProperty(ORDER, Order.class),
        exchange.getMessage().getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class));
  }

  /** 201 with the ERP number, or 422 with the ERP's reason; both are final for the key. */
  public void answerErpOutcome(Exchange exchange) throws SQLException {
    Order order = exchange.getProperty(ORDER, Order.class);
    CreateResult result = exchange.getMessage().getBody(CreateResult.class);
    String key = exchange.getProperty(IDEMPOTENCY_KEY, String.class);
    Message message = exchange.getMessage();
    if (result.created()) {
      ObjectNode body = CanonicalJson.mapper().createObjectNode();
      body.put("hubOrderId", order.hubOrderId());
      body.put("erpOrderNumber", result.erpOrderNumber());
      body.put("status", OrderStatus.CONFIRMED.name());
      String json = CanonicalJson.toJson(body);
      store.completeWithOrderStatus(
          key,
          order.hubOrderId(),
          OrderStatus.CONFIRMED.name(),
          result.erpOrderNumber(),
          null,
          201,
          json);
      keepOnlyResponseHeaders(message);
      message.setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
      message.setHeader(Exchange.CONTENT_TYPE, "application/json");
      message.setBody(json);
      exchange.setProperty(ANSWERED, true);
      return;
    }
    ObjectNode problem =
        Problems.problem(422, "erp-rejected", "Order rejected by the ERP", result.rejection());
    problem.put("hubOrderId", order.hubOrderId());
    keepOnlyResponseHeaders(message);
    Problems.answer(exchange, problem);
    store.completeWithOrderStatus(
        key,
        order.hubOrderId(),
        "REJECTED",
        null,
        result.rejection(),
        422,
        message.getBody(String.class));
    exchange.setProperty(ANSWERED, true);
  }

  /**
   * Marks the order PENDING_ERP and turns the message into the pending-ERP queue message: body the
   * canonical order, {@code _AMQ_DUPL_ID} the hub order ID so a resend is dropped by the broker.
   */
  public void preparePendingErp(Exchange exchange) throws SQLException {
    Order order = exchange.getProperty(ORDER, Order.class);
    store.updateStatus(order.hubOrderId(), OrderStatus.PENDING_ERP.name(), null, null);
    Message message = exchange.getMessage();
    String correlationId = message.getHeader(HttpEdgeFilter.CORRELATION_HEADER, String.class);
    message.removeHeaders("*");
    message.setHeader(HttpEdgeFilter.CORRELATION_HEADER, correlationId);
    message.setHeader("JMSCorrelationID", correlationId);
    message.setHeader("_AMQ_DUPL_ID", order.hubOrderId());
    message.setHeader("HubOrderId", order.hubOrderId());
    message.setBody(CanonicalJson.toJson(order));
    LOG.warnf(
        "order %s waits for the ERP (unreachable or circuit open); queued for resubmission",
        order.hubOrderId());
  }

  /** 202 PENDING_ERP, stored for the key: the order is accepted and will reach the ERP. */
  public void answerPending(Exchange exchange) throws SQLException {
    Order order = exchange.getProperty(ORDER, Order.class);
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("hubOrderId", order.hubOrderId());
    body.put("status", OrderStatus.PENDING_ERP.name());
    answerJson(exchange, 202, body, exchange.getProperty(IDEMPOTENCY_KEY, String.class));
  }

  /** An unexpected failure created nothing we could answer for: let the caller retry the key. */
  public void releaseOnFailure(Exchange exchange) throws SQLException {
    // only a key this request claimed: another request with the same key may own it meanwhile
    if (exchange.getProperty(KEY_CLAIMED, false, Boolean.class)) {
      store.release(exchange.getProperty(IDEMPOTENCY_KEY, String.class));
    }
  }

  private void answerJson(Exchange exchange, int status, ObjectNode body, String key)
      throws SQLException {
    Message message = exchange.getMessage();
    keepOnlyResponseHeaders(message);
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    String json = CanonicalJson.toJson(body);
    message.setBody(json);
    store.complete(key, body.path("hubOrderId").asText(null), status, json);
    exchange.setProperty(ANSWERED, true);
  }

  private static void answerProblem(Exchange exchange, ObjectNode problem) {
    keepOnlyResponseHeaders(exchange.getMessage());
    Problems.answer(exchange, problem);
    exchange.setProperty(ANSWERED, true);
  }

  /** Request headers (Idempotency-Key, Authorization...) must not echo back in the answer. */
  private static void keepOnlyResponseHeaders(Message message) {
    message.removeHeaders("*", HttpEdgeFilter.CORRELATION_HEADER, "Camel*", "Retry-After");
  }

  private static String contentTypeOf(int status) {
    return status >= 400 ? Problems.CONTENT_TYPE : "application/json";
  }
}
