package io.retailhub.sandbox.erp;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.FaultInjector;
import io.retailhub.sandbox.support.SimulatorServer;
import io.retailhub.sandbox.support.SimulatorServer.HttpProblem;
import io.retailhub.sandbox.support.SimulatorServer.Request;
import io.retailhub.sandbox.support.SimulatorServer.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An SAP S/4HANA-style ERP (OData v2): material stock, sales orders with the CSRF handshake,
 * outbound deliveries, customer returns and business partners, seeded from {@link RetailSeed}.
 * Every state change is published as a signed CloudEvents business event (see {@link
 * ErpBusinessEvents}).
 *
 * <p>Time is simulated: {@link #advanceClock} moves it forward, which drives automatic deliveries
 * (when switched on) and the return window. Admin endpoints, beyond the shared ones of {@link
 * SimulatorServer}:
 *
 * <ul>
 *   <li>{@code POST /__admin/stock} sets onHand/reserved of one material+plant;
 *   <li>{@code POST /__admin/stock/movements} applies a list of such changes (absolute or delta);
 *   <li>{@code POST /__admin/materials} adds a material, optionally with stock;
 *   <li>{@code POST /__admin/deliveries} creates the outbound delivery of an open sales order;
 *   <li>{@code POST /__admin/sales-orders/{id}/status} sets OverallSDProcessStatus (A, B, C);
 *   <li>{@code POST /__admin/clock/advance} moves simulated time forward;
 *   <li>{@code GET|PUT /__admin/config} auto-deliveries, delivery lead time, return window, the
 *       most business events per webhook (1; more delivers a backlog in CloudEvents batches);
 *   <li>{@code GET /__admin/events?type=} the business events published so far.
 * </ul>
 */
public final class ErpSimulator implements AutoCloseable {

  public static final String ODATA_ROOT = "/sap/opu/odata/sap";
  public static final String STOCK_SERVICE = ODATA_ROOT + "/API_MATERIAL_STOCK_SRV";
  public static final String SALES_ORDER_SERVICE = ODATA_ROOT + "/API_SALES_ORDER_SRV";
  public static final String DELIVERY_SERVICE = ODATA_ROOT + "/API_OUTBOUND_DELIVERY_SRV;v=0002";
  public static final String RETURN_SERVICE = ODATA_ROOT + "/API_CUSTOMER_RETURN_SRV";
  public static final String BUSINESS_PARTNER_SERVICE = ODATA_ROOT + "/API_BUSINESS_PARTNER";

  public static final String SALES_ORGANIZATION = "1010";
  public static final String DISTRIBUTION_CHANNEL = "10";
  public static final String DIVISION = "00";
  public static final String STANDARD_ORDER_TYPE = "OR";
  public static final String RETURN_ORDER_TYPE = "CBAR";
  public static final String DEFAULT_PLANT = "WH01";
  public static final String SESSION_COOKIE = "SAP_SESSIONID_ERP_100";

  private static final String[] CARRIERS = {"DHL", "UPS", "DPD"};
  private static final int SERVER_PAGE_SIZE = 1000;

  /** Overall SD process status of a sales order, with SAP's one-letter codes. */
  public enum ProcessStatus {
    NOT_YET_PROCESSED("A"),
    PARTIALLY_PROCESSED("B"),
    COMPLETELY_PROCESSED("C");

    private final String code;

    ProcessStatus(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static ProcessStatus fromCode(String code) {
      for (ProcessStatus status : values()) {
        if (status.code.equals(code)) {
          return status;
        }
      }
      throw new IllegalArgumentException("unknown OverallSDProcessStatus " + code);
    }
  }

  /** The refund decision on a customer return; the wire codes are the simulator's own. */
  public enum RefundDecision {
    APPROVED("APPROVED"),
    REJECTED("REJECTED");

    private final String code;

    RefundDecision(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public record StockView(
      String material,
      String plant,
      String storageLocation,
      long onHand,
      long reserved,
      long changeSequence,
      Instant lastChange) {
    public long available() {
      return onHand - reserved;
    }
  }

  public record SalesOrderItemView(
      String item,
      String material,
      String plant,
      long quantity,
      BigDecimal unitPrice,
      long deliveredQuantity,
      long returnedQuantity) {}

  public record SalesOrderView(
      String salesOrder,
      String purchaseOrderByCustomer,
      String soldToParty,
      ProcessStatus status,
      long changeSequence,
      Instant createdAt,
      List<SalesOrderItemView> items) {}

  public record DeliveryItemView(String item, String material, String plant, long quantity) {}

  public record DeliveryView(
      String deliveryDocument,
      String salesOrder,
      String carrier,
      String trackingNumber,
      Instant createdAt,
      List<DeliveryItemView> items) {}

  public record ReturnView(
      String customerReturn,
      String salesOrder,
      String purchaseOrderByCustomer,
      RefundDecision decision,
      BigDecimal approvedAmount,
      String currency,
      String rejectionReason) {}

  private static final class Material {
    final String material;
    final String description;
    final BigDecimal unitPrice;
    final String currency;
    final String baseUnit;

    Material(
        String material, String description, BigDecimal unitPrice, String currency, String unit) {
      this.material = material;
      this.description = description;
      this.unitPrice = unitPrice;
      this.currency = currency;
      this.baseUnit = unit;
    }
  }

  private static final class Stock {
    final String material;
    final String plant;
    final String storageLocation;
    long onHand;
    long reserved;
    long changeSequence;
    Instant lastChange;

    Stock(String material, String plant, String storageLocation) {
      this.material = material;
      this.plant = plant;
      this.storageLocation = storageLocation;
    }

    StockView view() {
      return new StockView(
          material, plant, storageLocation, onHand, reserved, changeSequence, lastChange);
    }
  }

  private static final class OrderItem {
    final String item;
    final String material;
    final String plant;
    final long quantity;
    final BigDecimal unitPrice;
    long deliveredQuantity;
    long returnedQuantity;
    Instant deliveredAt;

    OrderItem(String item, String material, String plant, long quantity, BigDecimal unitPrice) {
      this.item = item;
      this.material = material;
      this.plant = plant;
      this.quantity = quantity;
      this.unitPrice = unitPrice;
    }
  }

  private static final class SalesOrder {
    String salesOrder;
    String orderType;
    String soldToParty;
    String purchaseOrderByCustomer;
    String currency;
    Instant createdAt;
    Instant lastChange;
    ProcessStatus status = ProcessStatus.NOT_YET_PROCESSED;
    long changeSequence;
    final List<OrderItem> items = new ArrayList<>();

    BigDecimal netAmount() {
      return items.stream()
          .map(item -> item.unitPrice.multiply(BigDecimal.valueOf(item.quantity)))
          .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    SalesOrderView view() {
      return new SalesOrderView(
          salesOrder,
          purchaseOrderByCustomer,
          soldToParty,
          status,
          changeSequence,
          createdAt,
          items.stream()
              .map(
                  item ->
                      new SalesOrderItemView(
                          item.item,
                          item.material,
                          item.plant,
                          item.quantity,
                          item.unitPrice,
                          item.deliveredQuantity,
                          item.returnedQuantity))
              .toList());
    }
  }

  private record Delivery(
      String deliveryDocument,
      String salesOrder,
      String soldToParty,
      String shippingPoint,
      String carrier,
      String trackingNumber,
      Instant createdAt,
      List<DeliveryItem> items) {
    DeliveryView view() {
      return new DeliveryView(
          deliveryDocument,
          salesOrder,
          carrier,
          trackingNumber,
          createdAt,
          items.stream()
              .map(
                  item -> new DeliveryItemView(item.item, item.material, item.plant, item.quantity))
              .toList());
    }
  }

  private record DeliveryItem(
      String item, String material, String plant, long quantity, String orderItem) {}

  private record ReturnItem(
      String item,
      String material,
      long quantity,
      String orderItem,
      String returnReason,
      BigDecimal netAmount) {}

  private record CustomerReturn(
      String customerReturn,
      String salesOrder,
      String soldToParty,
      String purchaseOrderByCustomer,
      String reason,
      RefundDecision decision,
      BigDecimal approvedAmount,
      String currency,
      String rejectionReason,
      Instant createdAt,
      long changeSequence,
      List<ReturnItem> items) {
    ReturnView view() {
      return new ReturnView(
          customerReturn,
          salesOrder,
          purchaseOrderByCustomer,
          decision,
          approvedAmount,
          currency,
          rejectionReason);
    }
  }

  private static final class Partner {
    final String businessPartner;
    String idByExtSystem = "";
    String firstName;
    String lastName;
    boolean blocked;
    String streetName;
    String houseNumber;
    String cityName;
    String postalCode;
    String country;
    String email;
    String phone;
    Instant lastChange;
    long changeSequence;

    Partner(String businessPartner) {
      this.businessPartner = businessPartner;
    }
  }

  private final SimulatorServer server;
  private final ErpBusinessEvents events;
  private final ScheduledExecutorService deliveryTicker;

  private final Map<String, Material> materials = new TreeMap<>();
  private final Map<String, Stock> stock = new TreeMap<>();
  private final Map<String, String> plants = new LinkedHashMap<>();
  private final Map<String, SalesOrder> salesOrders = new TreeMap<>();
  private final Map<String, String> salesOrderByPurchaseOrder = new HashMap<>();
  private final Map<String, Delivery> deliveries = new TreeMap<>();
  private final Map<String, CustomerReturn> returns = new TreeMap<>();
  private final Map<String, String> returnByPurchaseOrder = new HashMap<>();
  private final Map<String, Partner> partners = new TreeMap<>();
  private final Map<String, String> csrfTokenBySession = new HashMap<>();

  private final AtomicLong salesOrderNumbers = new AtomicLong(2_000_000);
  private final AtomicLong deliveryNumbers = new AtomicLong(80_000_100);
  private final AtomicLong returnNumbers = new AtomicLong(60_000_000);
  // seeded partners are 1000000..; created ones follow well above them
  private final AtomicLong partnerNumbers = new AtomicLong(1_900_000);
  private final AtomicLong salesOrdersCreated = new AtomicLong();
  private final AtomicLong duplicateCreateAttempts = new AtomicLong();

  private volatile Duration clockOffset = Duration.ZERO;
  private volatile boolean autoDeliveries;
  private volatile Duration deliveryLeadTime = Duration.ofHours(24);
  private volatile Duration returnWindow = Duration.ofDays(30);

  public ErpSimulator(
      int port, RetailSeed seed, Supplier<String> webhookUrl, String webhookSecret) {
    this.server = new SimulatorServer("erp", port);
    this.events = new ErpBusinessEvents(webhookUrl, webhookSecret, server.faults(), this::now);
    this.deliveryTicker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "erp-delivery-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    load(seed);
    registerRoutes();
    server.stateView(this::stateView);
  }

  // ---------------------------------------------------------------- lifecycle and accessors

  public ErpSimulator start() {
    server.start();
    deliveryTicker.scheduleWithFixedDelay(
        this::deliverDueOrdersSafely, 500, 500, TimeUnit.MILLISECONDS);
    return this;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public FaultInjector faults() {
    return server.faults();
  }

  public List<SimulatorServer.JournalEntry> journal() {
    return server.journal();
  }

  /** The simulated now: real time plus every {@link #advanceClock} so far. */
  public Instant now() {
    return Instant.now().plus(clockOffset);
  }

  public synchronized Instant advanceClock(Duration by) {
    clockOffset = clockOffset.plus(by);
    deliverDueOrders();
    return now();
  }

  public void autoDeliveries(boolean enabled) {
    this.autoDeliveries = enabled;
  }

  /** The most business events one webhook carries: 1 (each alone, as S/4HANA) or a batch. */
  public void eventsPerWebhook(int most) {
    events.batchUpTo(most);
  }

  public void deliveryLeadTime(Duration leadTime) {
    this.deliveryLeadTime = leadTime;
  }

  public void returnWindow(Duration window) {
    this.returnWindow = window;
  }

  public synchronized Optional<StockView> stock(String material, String plant) {
    return Optional.ofNullable(stock.get(stockKey(material, plant))).map(Stock::view);
  }

  public synchronized Optional<SalesOrderView> salesOrderByPurchaseOrder(String purchaseOrder) {
    return Optional.ofNullable(salesOrderByPurchaseOrder.get(purchaseOrder))
        .map(salesOrders::get)
        .map(SalesOrder::view);
  }

  public synchronized Optional<SalesOrderView> salesOrder(String salesOrder) {
    return Optional.ofNullable(salesOrders.get(salesOrder)).map(SalesOrder::view);
  }

  /** Sales orders created through the API (seeded history not counted). */
  public long salesOrdersCreated() {
    return salesOrdersCreated.get();
  }

  /** Creates that carried an already known PurchaseOrderByCustomer and so created nothing. */
  public long duplicateCreateAttempts() {
    return duplicateCreateAttempts.get();
  }

  public synchronized List<DeliveryView> deliveriesOf(String salesOrder) {
    return deliveries.values().stream()
        .filter(delivery -> delivery.salesOrder().equals(salesOrder))
        .map(Delivery::view)
        .toList();
  }

  public synchronized List<ReturnView> customerReturns() {
    return returns.values().stream().map(CustomerReturn::view).toList();
  }

  public synchronized Optional<Map<String, Object>> businessPartner(String businessPartner) {
    return Optional.ofNullable(partners.get(businessPartner))
        .map(partner -> partnerEntity(partner, true));
  }

  public List<ErpBusinessEvents.PublishedEvent> publishedEvents() {
    return events.published();
  }

  public Map<String, Long> webhookStats() {
    return events.deliveryStats();
  }

  @Override
  public void close() {
    deliveryTicker.shutdownNow();
    events.close();
    server.close();
  }

  // ---------------------------------------------------------------- seed

  private void load(RetailSeed seed) {
    Instant seededAt = now();
    for (RetailSeed.Location location : seed.locations()) {
      plants.put(location.plant(), location.storageLocation());
    }
    for (RetailSeed.Sku sku : seed.skus()) {
      materials.put(
          sku.sku(),
          new Material(sku.sku(), sku.name(), sku.unitPrice(), sku.currency(), sku.unit()));
    }
    for (RetailSeed.StockLevel level : seed.stock()) {
      Stock row = new Stock(level.sku(), level.plant(), plants.get(level.plant()));
      row.onHand = level.onHand();
      row.reserved = level.reserved();
      row.changeSequence = 1;
      row.lastChange = seededAt;
      stock.put(stockKey(level.sku(), level.plant()), row);
    }
    for (RetailSeed.Customer customer : seed.customers()) {
      Partner partner = new Partner(customer.erpBusinessPartner());
      partner.firstName = customer.firstName();
      partner.lastName = customer.lastName();
      int space = customer.street().indexOf(' ');
      partner.houseNumber = space > 0 ? customer.street().substring(0, space) : "";
      partner.streetName = space > 0 ? customer.street().substring(space + 1) : customer.street();
      partner.cityName = customer.city();
      partner.postalCode = customer.postalCode();
      partner.country = customer.country();
      partner.email = customer.email();
      partner.phone = customer.phone();
      partner.lastChange = seededAt;
      partner.changeSequence = 1;
      partners.put(partner.businessPartner, partner);
    }
    int deliveryCount = 0;
    for (RetailSeed.HistoricalOrder historical : seed.orders()) {
      SalesOrder order = new SalesOrder();
      order.salesOrder = historical.erpSalesOrder();
      order.orderType = STANDARD_ORDER_TYPE;
      order.soldToParty = seed.customers().get(historical.customerIndex()).erpBusinessPartner();
      order.purchaseOrderByCustomer =
          historical.hubOrderId() == null ? "" : historical.hubOrderId();
      order.currency = RetailSeed.CURRENCY;
      order.createdAt = historical.createdAt();
      order.lastChange = historical.createdAt();
      order.changeSequence = 1;
      int itemNumber = 10;
      for (RetailSeed.OrderLine line : historical.lines()) {
        order.items.add(
            new OrderItem(
                String.valueOf(itemNumber),
                line.sku(),
                historical.plant(),
                line.quantity(),
                line.unitPrice()));
        itemNumber += 10;
      }
      if (historical.deliveryId() != null) {
        Instant shippedAt = historical.createdAt().plus(Duration.ofDays(1));
        List<DeliveryItem> deliveryItems = new ArrayList<>();
        int deliveryItem = 10;
        for (OrderItem item : order.items) {
          item.deliveredQuantity = item.quantity;
          item.deliveredAt = shippedAt;
          deliveryItems.add(
              new DeliveryItem(
                  String.format("%06d", deliveryItem),
                  item.material,
                  item.plant,
                  item.quantity,
                  item.item));
          deliveryItem += 10;
        }
        order.status = ProcessStatus.COMPLETELY_PROCESSED;
        order.lastChange = shippedAt;
        deliveries.put(
            historical.deliveryId(),
            new Delivery(
                historical.deliveryId(),
                order.salesOrder,
                order.soldToParty,
                historical.plant(),
                historical.carrier(),
                historical.trackingNumber(),
                shippedAt,
                List.copyOf(deliveryItems)));
        deliveryCount++;
      }
      salesOrders.put(order.salesOrder, order);
      if (!order.purchaseOrderByCustomer.isBlank()) {
        salesOrderByPurchaseOrder.put(order.purchaseOrderByCustomer, order.salesOrder);
      }
    }
    deliveryNumbers.addAndGet(deliveryCount);
  }

  // ---------------------------------------------------------------- routes

  private void registerRoutes() {
    for (String service :
        List.of(
            STOCK_SERVICE,
            SALES_ORDER_SERVICE,
            DELIVERY_SERVICE,
            RETURN_SERVICE,
            BUSINESS_PARTNER_SERVICE)) {
      server.route("GET", service, read(request -> serviceDocument(service)));
    }
    server.route(
        "GET",
        STOCK_SERVICE + "/A_MatlStkInAcctMod",
        read(
            request ->
                collection(request, STOCK_SERVICE + "/A_MatlStkInAcctMod", stockEntities())));

    server.route(
        "GET",
        SALES_ORDER_SERVICE + "/A_SalesOrder",
        read(
            request ->
                collection(
                    request,
                    SALES_ORDER_SERVICE + "/A_SalesOrder",
                    salesOrderEntities(expands(request, "to_Item")))));
    server.route(
        "GET",
        SALES_ORDER_SERVICE + "/A_SalesOrder('{id}')",
        read(
            request ->
                single(salesOrderEntity(request.pathParam("id"), expands(request, "to_Item")))));
    server.route(
        "GET",
        SALES_ORDER_SERVICE + "/A_SalesOrder('{id}')/to_Item",
        read(request -> collection(request, "", salesOrderItems(request.pathParam("id")))));
    server.route("POST", SALES_ORDER_SERVICE + "/A_SalesOrder", write(this::createSalesOrder));

    server.route(
        "GET",
        DELIVERY_SERVICE + "/A_OutbDeliveryHeader",
        read(
            request ->
                collection(
                    request,
                    DELIVERY_SERVICE + "/A_OutbDeliveryHeader",
                    deliveryEntities(expands(request, "to_DeliveryDocumentItem")))));
    server.route(
        "GET",
        DELIVERY_SERVICE + "/A_OutbDeliveryHeader('{id}')",
        read(
            request ->
                single(
                    deliveryEntity(
                        request.pathParam("id"), expands(request, "to_DeliveryDocumentItem")))));
    server.route(
        "GET",
        DELIVERY_SERVICE + "/A_OutbDeliveryHeader('{id}')/to_DeliveryDocumentItem",
        read(request -> collection(request, "", deliveryItemEntities(request.pathParam("id")))));
    server.route(
        "GET",
        DELIVERY_SERVICE + "/A_OutbDeliveryItem",
        read(
            request ->
                collection(
                    request,
                    DELIVERY_SERVICE + "/A_OutbDeliveryItem",
                    deliveryItemEntities((String) null))));

    server.route(
        "GET",
        RETURN_SERVICE + "/A_CustomerReturn",
        read(
            request ->
                collection(
                    request,
                    RETURN_SERVICE + "/A_CustomerReturn",
                    returnEntities(expands(request, "to_Item")))));
    server.route(
        "GET",
        RETURN_SERVICE + "/A_CustomerReturn('{id}')",
        read(request -> single(returnEntity(request.pathParam("id"), true))));
    server.route("POST", RETURN_SERVICE + "/A_CustomerReturn", write(this::createCustomerReturn));

    server.route(
        "GET",
        BUSINESS_PARTNER_SERVICE + "/A_BusinessPartner",
        read(
            request ->
                collection(
                    request,
                    BUSINESS_PARTNER_SERVICE + "/A_BusinessPartner",
                    partnerEntities(expands(request, "to_BusinessPartnerAddress")))));
    server.route(
        "GET",
        BUSINESS_PARTNER_SERVICE + "/A_BusinessPartner('{id}')",
        read(
            request ->
                single(
                    partnerEntity(
                        partner(request.pathParam("id")),
                        expands(request, "to_BusinessPartnerAddress")))));
    server.route(
        "POST",
        BUSINESS_PARTNER_SERVICE + "/A_BusinessPartner",
        write(this::createBusinessPartner));
    server.route(
        "PATCH",
        BUSINESS_PARTNER_SERVICE + "/A_BusinessPartner('{id}')",
        write(this::patchBusinessPartner));
    server.route(
        "PATCH",
        BUSINESS_PARTNER_SERVICE
            + "/A_BusinessPartnerAddress(BusinessPartner='{id}',AddressID='{addressId}')",
        write(this::patchBusinessPartnerAddress));

    registerAdminRoutes();
  }

  private void registerAdminRoutes() {
    server.route(
        "POST", "/__admin/stock", request -> Response.ok(applyStockChange(request.json())));
    server.route(
        "POST",
        "/__admin/stock/movements",
        request -> {
          JsonNode body = request.json();
          JsonNode movements = body.isArray() ? body : body.path("movements");
          List<Map<String, Object>> applied = new ArrayList<>();
          for (JsonNode movement : movements) {
            applied.add(applyStockChange(movement));
          }
          return Response.ok(Map.of("applied", applied.size(), "results", applied));
        });
    server.route(
        "POST", "/__admin/materials", request -> Response.json(201, addMaterial(request.json())));
    server.route(
        "POST",
        "/__admin/deliveries",
        request -> {
          JsonNode body = request.json();
          String carrier = body.hasNonNull("carrier") ? body.get("carrier").asText() : null;
          DeliveryView delivery = createDelivery(body.path("salesOrder").asText(), carrier);
          return Response.json(201, delivery);
        });
    server.route(
        "POST",
        "/__admin/sales-orders/{id}/status",
        request -> {
          ProcessStatus status;
          try {
            status = ProcessStatus.fromCode(request.json().path("status").asText());
          } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, Map.of("error", e.getMessage()));
          }
          return Response.ok(changeSalesOrderStatus(request.pathParam("id"), status));
        });
    server.route(
        "POST",
        "/__admin/clock/advance",
        request -> {
          long seconds = request.json().path("seconds").asLong();
          return Response.ok(Map.of("now", advanceClock(Duration.ofSeconds(seconds)).toString()));
        });
    server.route("GET", "/__admin/config", request -> Response.ok(config()));
    server.route(
        "PUT",
        "/__admin/config",
        request -> {
          JsonNode body = request.json();
          if (body.has("autoDeliveries")) {
            autoDeliveries(body.get("autoDeliveries").asBoolean());
          }
          if (body.has("deliveryLeadTimeSeconds")) {
            deliveryLeadTime(Duration.ofSeconds(body.get("deliveryLeadTimeSeconds").asLong()));
          }
          if (body.has("returnWindowDays")) {
            returnWindow(Duration.ofDays(body.get("returnWindowDays").asLong()));
          }
          if (body.has("eventsPerWebhook")) {
            eventsPerWebhook(body.get("eventsPerWebhook").asInt());
          }
          return Response.ok(config());
        });
    server.route(
        "GET",
        "/__admin/events",
        request -> {
          String type = request.query().get("type");
          return Response.ok(
              events.published().stream()
                  .filter(event -> type == null || event.type().equals(type))
                  .toList());
        });
  }

  private Map<String, Object> config() {
    return Map.of(
        "autoDeliveries", autoDeliveries,
        "deliveryLeadTimeSeconds", deliveryLeadTime.toSeconds(),
        "returnWindowDays", returnWindow.toDays(),
        "eventsPerWebhook", events.mostPerDelivery(),
        "now", now().toString());
  }

  private synchronized Object stateView() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("now", now().toString());
    state.put("config", config());
    state.put("salesOrdersCreated", salesOrdersCreated.get());
    state.put("duplicateCreateAttempts", duplicateCreateAttempts.get());
    state.put("salesOrders", salesOrders.values().stream().map(SalesOrder::view).toList());
    state.put("deliveries", deliveries.values().stream().map(Delivery::view).toList());
    state.put("customerReturns", returns.values().stream().map(CustomerReturn::view).toList());
    state.put("stock", stock.values().stream().map(Stock::view).toList());
    state.put("businessPartnerCount", partners.size());
    state.put("materials", materials.keySet());
    state.put("eventsPublished", events.published().size());
    state.put("webhooks", events.deliveryStats());
    return state;
  }

  // ---------------------------------------------------------------- CSRF handshake

  /** A GET handler that also answers the {@code x-csrf-token: Fetch} handshake. */
  private SimulatorServer.Handler read(SimulatorServer.Handler handler) {
    return request -> {
      Response response = handler.handle(request);
      if ("fetch".equalsIgnoreCase(request.header("x-csrf-token"))) {
        String session = sessionCookie(request);
        String token;
        synchronized (this) {
          if (session == null || !csrfTokenBySession.containsKey(session)) {
            session = UUID.randomUUID().toString().replace("-", "");
            csrfTokenBySession.put(session, UUID.randomUUID().toString().replace("-", ""));
          }
          token = csrfTokenBySession.get(session);
        }
        response =
            response
                .withHeader("x-csrf-token", token)
                .withHeader("Set-Cookie", SESSION_COOKIE + "=" + session + "; path=/; HttpOnly");
      }
      return response;
    };
  }

  /** A modifying handler: SAP refuses it unless the token matches the session cookie's token. */
  private SimulatorServer.Handler write(SimulatorServer.Handler handler) {
    return request -> {
      String token = request.header("x-csrf-token");
      String session = sessionCookie(request);
      boolean valid;
      synchronized (this) {
        valid = token != null && session != null && token.equals(csrfTokenBySession.get(session));
      }
      if (!valid) {
        return new Response(
            403, Map.of("x-csrf-token", "Required"), "CSRF token validation failed");
      }
      return handler.handle(request);
    };
  }

  private static String sessionCookie(Request request) {
    List<String> cookies = request.headers().get("cookie");
    if (cookies == null) {
      return null;
    }
    for (String header : cookies) {
      for (String cookie : header.split(";")) {
        String trimmed = cookie.trim();
        if (trimmed.startsWith(SESSION_COOKIE + "=")) {
          return trimmed.substring(SESSION_COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- OData helpers

  private Response serviceDocument(String service) {
    List<String> sets =
        switch (service) {
          case STOCK_SERVICE -> List.of("A_MatlStkInAcctMod");
          case SALES_ORDER_SERVICE -> List.of("A_SalesOrder", "A_SalesOrderItem");
          case DELIVERY_SERVICE -> List.of("A_OutbDeliveryHeader", "A_OutbDeliveryItem");
          case RETURN_SERVICE -> List.of("A_CustomerReturn", "A_CustomerReturnItem");
          default -> List.of("A_BusinessPartner", "A_BusinessPartnerAddress");
        };
    return Response.ok(Map.of("d", Map.of("EntitySets", sets)));
  }

  private Response collection(Request request, String path, List<Map<String, Object>> entities) {
    return Response.ok(
        ODataQuery.collection(entities, request.query(), baseUrl() + path, SERVER_PAGE_SIZE));
  }

  private static Response single(Map<String, Object> entity) {
    return Response.ok(Map.of("d", entity));
  }

  private static boolean expands(Request request, String navigation) {
    String expand = request.query().get("$expand");
    return expand != null && List.of(expand.split(",")).contains(navigation);
  }

  private Map<String, Object> metadata(String service, String entitySet, String key, String type) {
    String uri = baseUrl() + service + "/" + entitySet + "(" + key + ")";
    return Map.of("id", uri, "uri", uri, "type", type);
  }

  private static String quantity(long value) {
    return BigDecimal.valueOf(value).setScale(3, RoundingMode.UNNECESSARY).toPlainString();
  }

  private static String amount(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** OData v2 JSON Edm.DateTime. */
  private static String date(Instant instant) {
    return "/Date(" + instant.toEpochMilli() + ")/";
  }

  /** OData v2 JSON Edm.DateTimeOffset. */
  private static String dateTimeOffset(Instant instant) {
    return "/Date(" + instant.toEpochMilli() + "+0000)/";
  }

  private static Map<String, Object> deferred(String uri) {
    return Map.of("__deferred", Map.of("uri", uri));
  }

  private static String stockKey(String material, String plant) {
    return material + "@" + plant;
  }

  // ---------------------------------------------------------------- material stock

  private synchronized List<Map<String, Object>> stockEntities() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Stock row : stock.values()) {
      Material material = materials.get(row.material);
      Map<String, Object> entity = new LinkedHashMap<>();
      entity.put(
          "__metadata",
          metadata(
              STOCK_SERVICE,
              "A_MatlStkInAcctMod",
              "Material='%s',Plant='%s',StorageLocation='%s',InventoryStockType='01'"
                  .formatted(row.material, row.plant, row.storageLocation),
              "API_MATERIAL_STOCK_SRV.A_MatlStkInAcctModType"));
      entity.put("Material", row.material);
      entity.put("Plant", row.plant);
      entity.put("StorageLocation", row.storageLocation);
      entity.put("Batch", "");
      entity.put("Supplier", "");
      entity.put("Customer", "");
      entity.put("WBSElementInternalID", "00000000");
      entity.put("SDDocument", "");
      entity.put("SDDocumentItem", "000000");
      entity.put("InventorySpecialStockType", "");
      entity.put("InventoryStockType", "01");
      entity.put("MaterialBaseUnit", material.baseUnit);
      entity.put("MatlWrhsStkQtyInMatlBaseUnit", quantity(row.onHand));
      // not in SAP's entity: the hub needs reservations and an ordering key to reconcile
      entity.put("ReservedQtyInBaseUnit", quantity(row.reserved));
      entity.put("ChangeSequence", String.valueOf(row.changeSequence));
      entity.put("LastChangeDateTime", dateTimeOffset(row.lastChange));
      rows.add(entity);
    }
    return rows;
  }

  private synchronized Map<String, Object> applyStockChange(JsonNode change) {
    String material = change.path("material").asText("");
    String plant = change.path("plant").asText("");
    if (!materials.containsKey(material)) {
      throw new HttpProblem(404, Map.of("error", "unknown material " + material));
    }
    if (!plants.containsKey(plant)) {
      throw new HttpProblem(404, Map.of("error", "unknown plant " + plant));
    }
    Stock row =
        stock.computeIfAbsent(
            stockKey(material, plant), key -> new Stock(material, plant, plants.get(plant)));
    long onHand = change.has("onHand") ? change.get("onHand").asLong() : row.onHand;
    long reserved = change.has("reserved") ? change.get("reserved").asLong() : row.reserved;
    onHand += change.path("onHandDelta").asLong(0);
    reserved += change.path("reservedDelta").asLong(0);
    if (onHand < 0 || reserved < 0) {
      throw new HttpProblem(400, Map.of("error", "stock cannot become negative"));
    }
    row.onHand = onHand;
    row.reserved = reserved;
    publishStockChanged(row);
    return Map.of(
        "material", material,
        "plant", plant,
        "onHand", row.onHand,
        "reserved", row.reserved,
        "changeSequence", row.changeSequence);
  }

  /** Sets the stock of one material at one plant and publishes MaterialStock.Changed. */
  public StockView setStock(String material, String plant, long onHand, long reserved) {
    applyStockChange(
        SimulatorServer.JSON
            .createObjectNode()
            .put("material", material)
            .put("plant", plant)
            .put("onHand", onHand)
            .put("reserved", reserved));
    return stock(material, plant).orElseThrow();
  }

  private synchronized Map<String, Object> addMaterial(JsonNode body) {
    String material = body.path("material").asText("");
    if (material.isBlank()) {
      throw new HttpProblem(400, Map.of("error", "material is required"));
    }
    if (materials.containsKey(material)) {
      throw new HttpProblem(409, Map.of("error", "material exists: " + material));
    }
    materials.put(
        material,
        new Material(
            material,
            body.path("description").asText(material),
            new BigDecimal(body.path("unitPrice").asText("0.00")),
            body.path("currency").asText(RetailSeed.CURRENCY),
            body.path("baseUnit").asText("EA")));
    List<Map<String, Object>> stocked = new ArrayList<>();
    for (JsonNode level : body.path("stock")) {
      stocked.add(
          applyStockChange(
              SimulatorServer.JSON
                  .createObjectNode()
                  .put("material", material)
                  .put("plant", level.path("plant").asText())
                  .put("onHand", level.path("onHand").asLong())
                  .put("reserved", level.path("reserved").asLong())));
    }
    return Map.of("material", material, "stock", stocked);
  }

  private void publishStockChanged(Stock row) {
    row.changeSequence++;
    row.lastChange = now();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Material", row.material);
    data.put("Plant", row.plant);
    data.put("StorageLocation", row.storageLocation);
    data.put("MatlWrhsStkQtyInMatlBaseUnit", quantity(row.onHand));
    data.put("ReservedQtyInBaseUnit", quantity(row.reserved));
    data.put("MaterialBaseUnit", materials.get(row.material).baseUnit);
    data.put("ChangeSequence", String.valueOf(row.changeSequence));
    data.put("LastChangeDateTime", row.lastChange.toString());
    events.publish(ErpBusinessEvents.MATERIAL_STOCK_CHANGED, row.material + "@" + row.plant, data);
  }

  // ---------------------------------------------------------------- sales orders

  private synchronized List<Map<String, Object>> salesOrderEntities(boolean withItems) {
    return salesOrders.values().stream().map(order -> salesOrderEntity(order, withItems)).toList();
  }

  private synchronized Map<String, Object> salesOrderEntity(String id, boolean withItems) {
    SalesOrder order = salesOrders.get(id);
    if (order == null) {
      throw ErpErrors.problem(
          404, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment 'A_SalesOrder'");
    }
    return salesOrderEntity(order, withItems);
  }

  private Map<String, Object> salesOrderEntity(SalesOrder order, boolean withItems) {
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put(
        "__metadata",
        metadata(
            SALES_ORDER_SERVICE,
            "A_SalesOrder",
            "'" + order.salesOrder + "'",
            "API_SALES_ORDER_SRV.A_SalesOrderType"));
    entity.put("SalesOrder", order.salesOrder);
    entity.put("SalesOrderType", order.orderType);
    entity.put("SalesOrganization", SALES_ORGANIZATION);
    entity.put("DistributionChannel", DISTRIBUTION_CHANNEL);
    entity.put("OrganizationDivision", DIVISION);
    entity.put("SoldToParty", order.soldToParty);
    entity.put("PurchaseOrderByCustomer", order.purchaseOrderByCustomer);
    entity.put("CreationDate", date(order.createdAt));
    entity.put("LastChangeDateTime", dateTimeOffset(order.lastChange));
    entity.put("TotalNetAmount", amount(order.netAmount()));
    entity.put("TransactionCurrency", order.currency);
    entity.put("OverallSDProcessStatus", order.status.code());
    entity.put(
        "OverallTotalDeliveryStatus",
        order.items.stream().allMatch(item -> item.deliveredQuantity >= item.quantity)
            ? "C"
            : order.items.stream().anyMatch(item -> item.deliveredQuantity > 0) ? "B" : "A");
    String itemsUri =
        baseUrl() + SALES_ORDER_SERVICE + "/A_SalesOrder('" + order.salesOrder + "')/to_Item";
    entity.put(
        "to_Item",
        withItems ? Map.of("results", salesOrderItemEntities(order)) : deferred(itemsUri));
    return entity;
  }

  private synchronized List<Map<String, Object>> salesOrderItems(String id) {
    SalesOrder order = salesOrders.get(id);
    if (order == null) {
      throw ErpErrors.problem(
          404, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment 'A_SalesOrder'");
    }
    return salesOrderItemEntities(order);
  }

  private List<Map<String, Object>> salesOrderItemEntities(SalesOrder order) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (OrderItem item : order.items) {
      Map<String, Object> entity = new LinkedHashMap<>();
      entity.put(
          "__metadata",
          metadata(
              SALES_ORDER_SERVICE,
              "A_SalesOrderItem",
              "SalesOrder='%s',SalesOrderItem='%s'".formatted(order.salesOrder, item.item),
              "API_SALES_ORDER_SRV.A_SalesOrderItemType"));
      entity.put("SalesOrder", order.salesOrder);
      entity.put("SalesOrderItem", item.item);
      entity.put("Material", item.material);
      Material material = materials.get(item.material);
      entity.put("SalesOrderItemText", material == null ? "" : material.description);
      entity.put("RequestedQuantity", quantity(item.quantity));
      entity.put("RequestedQuantityUnit", material == null ? "EA" : material.baseUnit);
      entity.put("NetAmount", amount(item.unitPrice.multiply(BigDecimal.valueOf(item.quantity))));
      entity.put("TransactionCurrency", order.currency);
      entity.put("ProductionPlant", item.plant);
      entity.put("SDProcessStatus", item.deliveredQuantity >= item.quantity ? "C" : "A");
      items.add(entity);
    }
    return items;
  }

  private record RequestedItem(String material, String plant, long quantity) {}

  private Response createSalesOrder(Request request) {
    JsonNode body = request.json();
    String purchaseOrder = body.path("PurchaseOrderByCustomer").asText("");
    synchronized (this) {
      if (!purchaseOrder.isBlank() && salesOrderByPurchaseOrder.containsKey(purchaseOrder)) {
        duplicateCreateAttempts.incrementAndGet();
        SalesOrder existing = salesOrders.get(salesOrderByPurchaseOrder.get(purchaseOrder));
        return created(salesOrderEntity(existing, true), SALES_ORDER_SERVICE, existing.salesOrder);
      }
      for (String field :
          List.of(
              "SalesOrderType",
              "SalesOrganization",
              "DistributionChannel",
              "OrganizationDivision",
              "SoldToParty")) {
        if (body.path(field).asText("").isBlank()) {
          throw ErpErrors.problem(400, "V1/390", "Enter a value for field " + field);
        }
      }
      String orderType = body.get("SalesOrderType").asText();
      if (!STANDARD_ORDER_TYPE.equals(orderType)) {
        throw ErpErrors.problem(
            400, "V1/310", "Sales document type " + orderType + " is not defined");
      }
      requireSalesArea(body);
      Partner soldTo = requireCustomer(body.get("SoldToParty").asText());
      List<RequestedItem> requested = requestedItems(body);
      Map<String, Long> needed = new LinkedHashMap<>();
      for (RequestedItem item : requested) {
        needed.merge(stockKey(item.material(), item.plant()), item.quantity(), Long::sum);
      }
      for (Map.Entry<String, Long> need : needed.entrySet()) {
        Stock row = stock.get(need.getKey());
        long available = row == null ? 0 : row.onHand - row.reserved;
        if (available < need.getValue()) {
          String[] key = need.getKey().split("@");
          throw ErpErrors.problem(
              400,
              "V1/501",
              "Insufficient stock for material %s in plant %s: requested %d, available %d"
                  .formatted(key[0], key[1], need.getValue(), available));
        }
      }
      SalesOrder order = new SalesOrder();
      order.salesOrder = String.valueOf(salesOrderNumbers.incrementAndGet());
      order.orderType = orderType;
      order.soldToParty = soldTo.businessPartner;
      order.purchaseOrderByCustomer = purchaseOrder;
      order.createdAt = now();
      order.lastChange = order.createdAt;
      int itemNumber = 10;
      for (RequestedItem item : requested) {
        Material material = materials.get(item.material());
        order.currency = material.currency;
        order.items.add(
            new OrderItem(
                String.valueOf(itemNumber),
                item.material(),
                item.plant(),
                item.quantity(),
                material.unitPrice));
        itemNumber += 10;
      }
      for (Map.Entry<String, Long> need : needed.entrySet()) {
        Stock row = stock.get(need.getKey());
        row.reserved += need.getValue();
        publishStockChanged(row);
      }
      salesOrders.put(order.salesOrder, order);
      if (!purchaseOrder.isBlank()) {
        salesOrderByPurchaseOrder.put(purchaseOrder, order.salesOrder);
      }
      salesOrdersCreated.incrementAndGet();
      publishSalesOrderChanged(order);
      return created(salesOrderEntity(order, true), SALES_ORDER_SERVICE, order.salesOrder);
    }
  }

  private Response created(Map<String, Object> entity, String service, String id) {
    String entitySet = service.equals(SALES_ORDER_SERVICE) ? "A_SalesOrder" : "A_CustomerReturn";
    return Response.json(201, Map.of("d", entity))
        .withHeader("Location", baseUrl() + service + "/" + entitySet + "('" + id + "')");
  }

  private static void requireSalesArea(JsonNode body) {
    String organization = body.path("SalesOrganization").asText();
    String channel = body.path("DistributionChannel").asText();
    String division = body.path("OrganizationDivision").asText();
    if (!SALES_ORGANIZATION.equals(organization)
        || !DISTRIBUTION_CHANNEL.equals(channel)
        || !DIVISION.equals(division)) {
      throw ErpErrors.problem(
          400,
          "V1/312",
          "Sales area %s %s %s is not defined".formatted(organization, channel, division));
    }
  }

  private Partner requireCustomer(String businessPartner) {
    Partner partner = partners.get(businessPartner);
    if (partner == null) {
      throw ErpErrors.problem(
          400,
          "V1/302",
          "Customer %s has not been created for sales area %s %s %s"
              .formatted(businessPartner, SALES_ORGANIZATION, DISTRIBUTION_CHANNEL, DIVISION));
    }
    if (partner.blocked) {
      throw ErpErrors.problem(
          400, "V1/342", "Customer " + businessPartner + " is blocked for sales documents");
    }
    return partner;
  }

  private List<RequestedItem> requestedItems(JsonNode body) {
    JsonNode items = body.path("to_Item");
    if (items.isObject()) {
      items = items.path("results");
    }
    if (!items.isArray() || items.isEmpty()) {
      throw ErpErrors.problem(400, "V1/390", "Enter at least one item (to_Item)");
    }
    List<RequestedItem> requested = new ArrayList<>();
    for (JsonNode item : items) {
      String material = item.path("Material").asText("");
      if (!materials.containsKey(material)) {
        throw ErpErrors.problem(
            400,
            "V1/392",
            "Material %s is not defined for sales org.%s, distr.chan.%s"
                .formatted(material, SALES_ORGANIZATION, DISTRIBUTION_CHANNEL));
      }
      long quantity = wholeQuantity(item.path("RequestedQuantity"), material);
      String plant = item.path("ProductionPlant").asText("");
      if (plant.isBlank()) {
        plant = item.path("Plant").asText(DEFAULT_PLANT);
      }
      if (plant.isBlank()) {
        plant = DEFAULT_PLANT;
      }
      if (!plants.containsKey(plant)) {
        throw ErpErrors.problem(400, "V1/380", "Plant " + plant + " is not defined");
      }
      requested.add(new RequestedItem(material, plant, quantity));
    }
    return requested;
  }

  private static long wholeQuantity(JsonNode node, String material) {
    BigDecimal quantity;
    try {
      quantity = new BigDecimal(node.asText(""));
    } catch (NumberFormatException e) {
      throw ErpErrors.problem(400, "V1/331", "Enter a requested quantity for material " + material);
    }
    if (quantity.signum() <= 0) {
      throw ErpErrors.problem(
          400, "V1/331", "Requested quantity for material " + material + " must be greater than 0");
    }
    try {
      return quantity.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      throw ErpErrors.problem(
          400, "V1/332", "Quantity of material " + material + " must be whole for unit EA");
    }
  }

  private void publishSalesOrderChanged(SalesOrder order) {
    order.changeSequence++;
    order.lastChange = now();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("SalesOrder", order.salesOrder);
    data.put("PurchaseOrderByCustomer", order.purchaseOrderByCustomer);
    data.put("OverallSDProcessStatus", order.status.code());
    data.put("SalesOrderType", order.orderType);
    data.put("ChangeSequence", String.valueOf(order.changeSequence));
    data.put("LastChangeDateTime", order.lastChange.toString());
    events.publish(ErpBusinessEvents.SALES_ORDER_CHANGED, order.salesOrder, data);
  }

  /** Sets the overall process status of a sales order and publishes SalesOrder.Changed. */
  public synchronized SalesOrderView changeSalesOrderStatus(
      String salesOrder, ProcessStatus status) {
    SalesOrder order = salesOrders.get(salesOrder);
    if (order == null) {
      throw new HttpProblem(404, Map.of("error", "unknown sales order " + salesOrder));
    }
    order.status = status;
    publishSalesOrderChanged(order);
    return order.view();
  }

  // ---------------------------------------------------------------- outbound deliveries

  /**
   * Ships every open quantity of a sales order: goods issue at each item's plant, a delivery with
   * carrier and tracking number, and the events OutboundDelivery.Created, MaterialStock.Changed and
   * SalesOrder.Changed.
   *
   * @param carrier the carrier, or null to pick one the way the seed does
   */
  public synchronized DeliveryView createDelivery(String salesOrder, String carrier) {
    SalesOrder order = salesOrders.get(salesOrder);
    if (order == null) {
      throw ErpErrors.problem(404, "VL/302", "Sales order " + salesOrder + " does not exist");
    }
    List<OrderItem> open =
        order.items.stream().filter(item -> item.deliveredQuantity < item.quantity).toList();
    if (open.isEmpty()) {
      throw ErpErrors.problem(
          400, "VL/008", "Sales order " + salesOrder + " has no open quantity to deliver");
    }
    long number = deliveryNumbers.incrementAndGet();
    String deliveryDocument = String.valueOf(number);
    String chosenCarrier = carrier == null ? CARRIERS[(int) (number % CARRIERS.length)] : carrier;
    String tracking = String.format("00340434%010d", number);
    Instant shippedAt = now();
    List<DeliveryItem> items = new ArrayList<>();
    int itemNumber = 10;
    for (OrderItem item : open) {
      long quantity = item.quantity - item.deliveredQuantity;
      Stock row = stock.get(stockKey(item.material, item.plant));
      if (row != null) {
        row.onHand = Math.max(0, row.onHand - quantity);
        row.reserved = Math.max(0, row.reserved - quantity);
        publishStockChanged(row);
      }
      item.deliveredQuantity += quantity;
      item.deliveredAt = shippedAt;
      items.add(
          new DeliveryItem(
              String.format("%06d", itemNumber), item.material, item.plant, quantity, item.item));
      itemNumber += 10;
    }
    Delivery delivery =
        new Delivery(
            deliveryDocument,
            order.salesOrder,
            order.soldToParty,
            open.get(0).plant,
            chosenCarrier,
            tracking,
            shippedAt,
            List.copyOf(items));
    deliveries.put(deliveryDocument, delivery);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("DeliveryDocument", deliveryDocument);
    data.put("SalesOrder", order.salesOrder);
    data.put("ShippingPoint", delivery.shippingPoint());
    data.put("Carrier", chosenCarrier);
    data.put("TrackingNumber", tracking);
    data.put(
        "Items",
        items.stream()
            .map(
                item ->
                    Map.of(
                        "Material", item.material(),
                        "ActualDeliveryQuantity", quantity(item.quantity())))
            .toList());
    data.put("CreationDateTime", shippedAt.toString());
    events.publish(ErpBusinessEvents.OUTBOUND_DELIVERY_CREATED, deliveryDocument, data);
    order.status = ProcessStatus.COMPLETELY_PROCESSED;
    publishSalesOrderChanged(order);
    return delivery.view();
  }

  private void deliverDueOrdersSafely() {
    try {
      deliverDueOrders();
    } catch (RuntimeException e) {
      // keep the scheduler alive: one bad order must not stop simulated shipping
    }
  }

  private synchronized void deliverDueOrders() {
    if (!autoDeliveries) {
      return;
    }
    Instant cutoff = now().minus(deliveryLeadTime);
    List<String> due =
        salesOrders.values().stream()
            .filter(order -> order.status != ProcessStatus.COMPLETELY_PROCESSED)
            .filter(order -> !order.createdAt.isAfter(cutoff))
            .filter(
                order ->
                    order.items.stream().anyMatch(item -> item.deliveredQuantity < item.quantity))
            .map(order -> order.salesOrder)
            .toList();
    due.forEach(salesOrder -> createDelivery(salesOrder, null));
  }

  private synchronized List<Map<String, Object>> deliveryEntities(boolean withItems) {
    return deliveries.values().stream()
        .map(delivery -> deliveryEntity(delivery, withItems))
        .toList();
  }

  private synchronized Map<String, Object> deliveryEntity(String id, boolean withItems) {
    Delivery delivery = deliveries.get(id);
    if (delivery == null) {
      throw ErpErrors.problem(
          404, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment 'A_OutbDeliveryHeader'");
    }
    return deliveryEntity(delivery, withItems);
  }

  private Map<String, Object> deliveryEntity(Delivery delivery, boolean withItems) {
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put(
        "__metadata",
        metadata(
            DELIVERY_SERVICE,
            "A_OutbDeliveryHeader",
            "'" + delivery.deliveryDocument() + "'",
            "API_OUTBOUND_DELIVERY_SRV.A_OutbDeliveryHeaderType"));
    entity.put("DeliveryDocument", delivery.deliveryDocument());
    entity.put("DeliveryDocumentType", "LF");
    entity.put("ShippingPoint", delivery.shippingPoint());
    entity.put("SoldToParty", delivery.soldToParty());
    entity.put("ShipToParty", delivery.soldToParty());
    entity.put("CreationDate", date(delivery.createdAt()));
    entity.put("ActualGoodsMovementDate", date(delivery.createdAt()));
    entity.put("OverallGoodsMovementStatus", "C");
    entity.put("OverallSDProcessStatus", "C");
    // carrier and tracking number are key-user custom fields (YY1_) in many S/4 systems
    entity.put("YY1_Carrier_DLH", delivery.carrier());
    entity.put("YY1_TrackingNumber_DLH", delivery.trackingNumber());
    String itemsUri =
        baseUrl()
            + DELIVERY_SERVICE
            + "/A_OutbDeliveryHeader('"
            + delivery.deliveryDocument()
            + "')/to_DeliveryDocumentItem";
    entity.put(
        "to_DeliveryDocumentItem",
        withItems ? Map.of("results", deliveryItemEntities(delivery)) : deferred(itemsUri));
    return entity;
  }

  private synchronized List<Map<String, Object>> deliveryItemEntities(String deliveryDocument) {
    if (deliveryDocument == null) {
      return deliveries.values().stream()
          .flatMap(delivery -> deliveryItemEntities(delivery).stream())
          .toList();
    }
    Delivery delivery = deliveries.get(deliveryDocument);
    if (delivery == null) {
      throw ErpErrors.problem(
          404, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment 'A_OutbDeliveryHeader'");
    }
    return deliveryItemEntities(delivery);
  }

  private List<Map<String, Object>> deliveryItemEntities(Delivery delivery) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (DeliveryItem item : delivery.items()) {
      Map<String, Object> entity = new LinkedHashMap<>();
      entity.put(
          "__metadata",
          metadata(
              DELIVERY_SERVICE,
              "A_OutbDeliveryItem",
              "DeliveryDocument='%s',DeliveryDocumentItem='%s'"
                  .formatted(delivery.deliveryDocument(), item.item()),
              "API_OUTBOUND_DELIVERY_SRV.A_OutbDeliveryItemType"));
      entity.put("DeliveryDocument", delivery.deliveryDocument());
      entity.put("DeliveryDocumentItem", item.item());
      entity.put("Material", item.material());
      entity.put("Plant", item.plant());
      entity.put("ActualDeliveryQuantity", quantity(item.quantity()));
      Material material = materials.get(item.material());
      entity.put("DeliveryQuantityUnit", material == null ? "EA" : material.baseUnit);
      entity.put("ReferenceSDDocument", delivery.salesOrder());
      entity.put("ReferenceSDDocumentItem", item.orderItem());
      items.add(entity);
    }
    return items;
  }

  // ---------------------------------------------------------------- customer returns

  private Response createCustomerReturn(Request request) {
    JsonNode body = request.json();
    String purchaseOrder = body.path("PurchaseOrderByCustomer").asText("");
    synchronized (this) {
      if (!purchaseOrder.isBlank() && returnByPurchaseOrder.containsKey(purchaseOrder)) {
        CustomerReturn existing = returns.get(returnByPurchaseOrder.get(purchaseOrder));
        return created(returnEntity(existing, true), RETURN_SERVICE, existing.customerReturn());
      }
      requireSalesArea(body);
      JsonNode items = body.path("to_Item");
      if (items.isObject()) {
        items = items.path("results");
      }
      if (!items.isArray() || items.isEmpty()) {
        throw ErpErrors.problem(400, "V1/390", "Enter at least one item (to_Item)");
      }
      String salesOrderId = body.path("ReferenceSDDocument").asText("");
      if (salesOrderId.isBlank()) {
        salesOrderId = items.get(0).path("ReferenceSDDocument").asText("");
      }
      SalesOrder order = salesOrders.get(salesOrderId);
      if (order == null) {
        throw ErpErrors.problem(
            400, "V1/045", "Reference document " + salesOrderId + " does not exist");
      }
      String soldTo = body.path("SoldToParty").asText(order.soldToParty);
      if (!soldTo.isBlank() && !soldTo.equals(order.soldToParty)) {
        throw ErpErrors.problem(
            400, "V1/046", "Sold-to party " + soldTo + " differs from reference " + salesOrderId);
      }
      String reason = body.path("SDDocumentReason").asText("");
      Instant now = now();
      String rejection = null;
      BigDecimal approved = BigDecimal.ZERO;
      List<ReturnItem> returnItems = new ArrayList<>();
      Map<OrderItem, Long> returning = new LinkedHashMap<>();
      int itemNumber = 10;
      for (JsonNode requested : items) {
        OrderItem original = referencedItem(order, requested);
        long quantity = wholeQuantity(requested.path("RequestedQuantity"), original.material);
        long alreadyReturning = returning.getOrDefault(original, 0L);
        long returnable = original.deliveredQuantity - original.returnedQuantity - alreadyReturning;
        if (rejection == null) {
          if (original.deliveredQuantity == 0) {
            rejection =
                "Item %s of order %s has not been delivered"
                    .formatted(original.item, order.salesOrder);
          } else if (quantity > returnable) {
            rejection =
                "Return quantity %d of item %s exceeds the returnable quantity %d"
                    .formatted(quantity, original.item, returnable);
          } else if (original.deliveredAt.plus(returnWindow).isBefore(now)) {
            rejection =
                "Return window of %d days for item %s ended on %s"
                    .formatted(
                        returnWindow.toDays(),
                        original.item,
                        original.deliveredAt.plus(returnWindow));
          }
        }
        returning.merge(original, quantity, Long::sum);
        BigDecimal lineAmount = original.unitPrice.multiply(BigDecimal.valueOf(quantity));
        approved = approved.add(lineAmount);
        returnItems.add(
            new ReturnItem(
                String.valueOf(itemNumber),
                original.material,
                quantity,
                original.item,
                requested.path("ReturnReason").asText(reason),
                lineAmount));
        itemNumber += 10;
      }
      RefundDecision decision =
          rejection == null ? RefundDecision.APPROVED : RefundDecision.REJECTED;
      if (decision == RefundDecision.APPROVED) {
        returning.forEach((item, quantity) -> item.returnedQuantity += quantity);
      } else {
        approved = BigDecimal.ZERO;
      }
      CustomerReturn customerReturn =
          new CustomerReturn(
              String.valueOf(returnNumbers.incrementAndGet()),
              order.salesOrder,
              order.soldToParty,
              purchaseOrder,
              reason,
              decision,
              approved.setScale(2, RoundingMode.HALF_UP),
              order.currency,
              rejection,
              now,
              1,
              List.copyOf(returnItems));
      returns.put(customerReturn.customerReturn(), customerReturn);
      if (!purchaseOrder.isBlank()) {
        returnByPurchaseOrder.put(purchaseOrder, customerReturn.customerReturn());
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("CustomerReturn", customerReturn.customerReturn());
      data.put("ReferenceSDDocument", order.salesOrder);
      data.put("PurchaseOrderByCustomer", purchaseOrder);
      data.put("SoldToParty", order.soldToParty);
      data.put("RefundDecision", decision.code());
      data.put("ApprovedRefundAmount", amount(customerReturn.approvedAmount()));
      data.put("TransactionCurrency", order.currency);
      data.put("RefundRejectionReason", rejection == null ? "" : rejection);
      data.put("ChangeSequence", "1");
      data.put("LastChangeDateTime", now.toString());
      events.publish(
          ErpBusinessEvents.CUSTOMER_RETURN_CHANGED, customerReturn.customerReturn(), data);
      return created(
          returnEntity(customerReturn, true), RETURN_SERVICE, customerReturn.customerReturn());
    }
  }

  private static OrderItem referencedItem(SalesOrder order, JsonNode requested) {
    String itemReference = requested.path("ReferenceSDDocumentItem").asText("");
    String material = requested.path("Material").asText("");
    for (OrderItem item : order.items) {
      boolean sameItem =
          !itemReference.isBlank()
              && stripLeadingZeros(item.item).equals(stripLeadingZeros(itemReference));
      if (sameItem || (itemReference.isBlank() && item.material.equals(material))) {
        return item;
      }
    }
    throw ErpErrors.problem(
        400,
        "V1/047",
        "Order %s has no item %s"
            .formatted(order.salesOrder, itemReference.isBlank() ? material : itemReference));
  }

  private static String stripLeadingZeros(String value) {
    String stripped = value.replaceFirst("^0+", "");
    return stripped.isEmpty() ? "0" : stripped;
  }

  private synchronized List<Map<String, Object>> returnEntities(boolean withItems) {
    return returns.values().stream().map(r -> returnEntity(r, withItems)).toList();
  }

  private synchronized Map<String, Object> returnEntity(String id, boolean withItems) {
    CustomerReturn customerReturn = returns.get(id);
    if (customerReturn == null) {
      throw ErpErrors.problem(
          404, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment 'A_CustomerReturn'");
    }
    return returnEntity(customerReturn, withItems);
  }

  private Map<String, Object> returnEntity(CustomerReturn customerReturn, boolean withItems) {
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put(
        "__metadata",
        metadata(
            RETURN_SERVICE,
            "A_CustomerReturn",
            "'" + customerReturn.customerReturn() + "'",
            "API_CUSTOMER_RETURN_SRV.A_CustomerReturnType"));
    entity.put("CustomerReturn", customerReturn.customerReturn());
    entity.put("CustomerReturnType", RETURN_ORDER_TYPE);
    entity.put("SalesOrganization", SALES_ORGANIZATION);
    entity.put("DistributionChannel", DISTRIBUTION_CHANNEL);
    entity.put("OrganizationDivision", DIVISION);
    entity.put("SoldToParty", customerReturn.soldToParty());
    entity.put("PurchaseOrderByCustomer", customerReturn.purchaseOrderByCustomer());
    entity.put("ReferenceSDDocument", customerReturn.salesOrder());
    entity.put("SDDocumentReason", customerReturn.reason());
    entity.put("CreationDate", date(customerReturn.createdAt()));
    entity.put("TransactionCurrency", customerReturn.currency());
    entity.put("RefundDecision", customerReturn.decision().code());
    entity.put("ApprovedRefundAmount", amount(customerReturn.approvedAmount()));
    entity.put(
        "RefundRejectionReason",
        customerReturn.rejectionReason() == null ? "" : customerReturn.rejectionReason());
    if (withItems) {
      List<Map<String, Object>> items = new ArrayList<>();
      for (ReturnItem item : customerReturn.items()) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("CustomerReturn", customerReturn.customerReturn());
        line.put("CustomerReturnItem", item.item());
        line.put("Material", item.material());
        line.put("RequestedQuantity", quantity(item.quantity()));
        line.put("ReferenceSDDocument", customerReturn.salesOrder());
        line.put("ReferenceSDDocumentItem", item.orderItem());
        line.put("ReturnReason", item.returnReason());
        line.put("NetAmount", amount(item.netAmount()));
        items.add(line);
      }
      entity.put("to_Item", Map.of("results", items));
    } else {
      entity.put(
          "to_Item",
          deferred(
              baseUrl()
                  + RETURN_SERVICE
                  + "/A_CustomerReturn('"
                  + customerReturn.customerReturn()
                  + "')/to_Item"));
    }
    return entity;
  }

  // ---------------------------------------------------------------- business partners

  private synchronized Partner partner(String id) {
    Partner partner = partners.get(id);
    if (partner == null) {
      throw ErpErrors.problem(
          404, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment 'A_BusinessPartner'");
    }
    return partner;
  }

  private synchronized List<Map<String, Object>> partnerEntities(boolean withAddress) {
    return partners.values().stream().map(p -> partnerEntity(p, withAddress)).toList();
  }

  private synchronized Map<String, Object> partnerEntity(Partner partner, boolean withAddress) {
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put(
        "__metadata",
        metadata(
            BUSINESS_PARTNER_SERVICE,
            "A_BusinessPartner",
            "'" + partner.businessPartner + "'",
            "API_BUSINESS_PARTNER.A_BusinessPartnerType"));
    entity.put("BusinessPartner", partner.businessPartner);
    entity.put("Customer", partner.businessPartner);
    entity.put("BusinessPartnerCategory", "1");
    entity.put("BusinessPartnerIDByExtSystem", partner.idByExtSystem);
    entity.put("BusinessPartnerFullName", partner.firstName + " " + partner.lastName);
    entity.put("FirstName", partner.firstName);
    entity.put("LastName", partner.lastName);
    entity.put("BusinessPartnerIsBlocked", partner.blocked);
    entity.put("LastChangeDate", date(partner.lastChange));
    if (withAddress) {
      Map<String, Object> address = new LinkedHashMap<>();
      address.put("BusinessPartner", partner.businessPartner);
      address.put("AddressID", "1");
      address.put("StreetName", partner.streetName);
      address.put("HouseNumber", partner.houseNumber);
      address.put("CityName", partner.cityName);
      address.put("PostalCode", partner.postalCode);
      address.put("Country", partner.country);
      address.put(
          "to_EmailAddress",
          Map.of(
              "results",
              List.of(
                  Map.of("AddressID", "1", "OrdinalNumber", "1", "EmailAddress", partner.email))));
      address.put(
          "to_PhoneNumber",
          Map.of(
              "results",
              List.of(
                  Map.of("AddressID", "1", "OrdinalNumber", "1", "PhoneNumber", partner.phone))));
      entity.put("to_BusinessPartnerAddress", Map.of("results", List.of(address)));
    } else {
      entity.put(
          "to_BusinessPartnerAddress",
          deferred(
              baseUrl()
                  + BUSINESS_PARTNER_SERVICE
                  + "/A_BusinessPartner('"
                  + partner.businessPartner
                  + "')/to_BusinessPartnerAddress"));
    }
    return entity;
  }

  /**
   * Deep insert of a person with its first address, e-mail and phone. Like S/4HANA it publishes no
   * {@code BusinessPartner.Changed} event for a creation, and it does not look for duplicates.
   */
  private Response createBusinessPartner(Request request) {
    JsonNode body = request.json();
    String lastName = body.path("LastName").asText("");
    if (lastName.isBlank()) {
      throw ErpErrors.problem(400, "R11/401", "Enter a last name for the business partner");
    }
    JsonNode address = body.path("to_BusinessPartnerAddress").path("results").path(0);
    synchronized (this) {
      Partner partner = new Partner(String.valueOf(partnerNumbers.incrementAndGet()));
      partner.idByExtSystem = body.path("BusinessPartnerIDByExtSystem").asText("");
      partner.firstName = body.path("FirstName").asText("");
      partner.lastName = lastName;
      partner.streetName = address.path("StreetName").asText("");
      partner.houseNumber = address.path("HouseNumber").asText("");
      partner.cityName = address.path("CityName").asText("");
      partner.postalCode = address.path("PostalCode").asText("");
      partner.country = address.path("Country").asText("");
      partner.email =
          address.path("to_EmailAddress").path("results").path(0).path("EmailAddress").asText("");
      partner.phone =
          address.path("to_PhoneNumber").path("results").path(0).path("PhoneNumber").asText("");
      partner.lastChange = now();
      partner.changeSequence = 1;
      partners.put(partner.businessPartner, partner);
      return Response.json(201, Map.of("d", partnerEntity(partner, true)))
          .withHeader(
              "Location",
              baseUrl()
                  + BUSINESS_PARTNER_SERVICE
                  + "/A_BusinessPartner('"
                  + partner.businessPartner
                  + "')");
    }
  }

  private Response patchBusinessPartner(Request request) {
    JsonNode body = request.json();
    synchronized (this) {
      Partner partner = partner(request.pathParam("id"));
      Map<String, Object> changed = new LinkedHashMap<>();
      body.fields()
          .forEachRemaining(
              field -> {
                switch (field.getKey()) {
                  case "FirstName" -> partner.firstName = field.getValue().asText();
                  case "LastName" -> partner.lastName = field.getValue().asText();
                  case "BusinessPartnerIsBlocked" -> partner.blocked = field.getValue().asBoolean();
                  default ->
                      throw ErpErrors.problem(
                          400,
                          "/IWBEP/CM_MGW_RT/022",
                          "Property " + field.getKey() + " cannot be changed");
                }
                changed.put(
                    field.getKey(),
                    SimulatorServer.JSON.convertValue(field.getValue(), Object.class));
              });
      publishPartnerChanged(partner, changed);
      return Response.noContent();
    }
  }

  private Response patchBusinessPartnerAddress(Request request) {
    JsonNode body = request.json();
    synchronized (this) {
      Partner partner = partner(request.pathParam("id"));
      if (!"1".equals(request.pathParam("addressId"))) {
        throw ErpErrors.problem(
            404,
            "/IWBEP/CM_MGW_RT/020",
            "Resource not found for segment 'A_BusinessPartnerAddress'");
      }
      Map<String, Object> changed = new LinkedHashMap<>();
      body.fields()
          .forEachRemaining(
              field -> {
                String value = field.getValue().asText();
                switch (field.getKey()) {
                  case "StreetName" -> partner.streetName = value;
                  case "HouseNumber" -> partner.houseNumber = value;
                  case "CityName" -> partner.cityName = value;
                  case "PostalCode" -> partner.postalCode = value;
                  case "Country" -> partner.country = value;
                  case "EmailAddress" -> partner.email = value;
                  case "PhoneNumber" -> partner.phone = value;
                  default ->
                      throw ErpErrors.problem(
                          400,
                          "/IWBEP/CM_MGW_RT/022",
                          "Property " + field.getKey() + " cannot be changed");
                }
                changed.put(field.getKey(), value);
              });
      publishPartnerChanged(partner, changed);
      return Response.noContent();
    }
  }

  private void publishPartnerChanged(Partner partner, Map<String, Object> changed) {
    partner.changeSequence++;
    partner.lastChange = now();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("BusinessPartner", partner.businessPartner);
    data.put("ChangedFields", List.copyOf(changed.keySet()));
    data.putAll(changed);
    data.put("ChangeSequence", String.valueOf(partner.changeSequence));
    data.put("LastChangeDateTime", partner.lastChange.toString());
    events.publish(ErpBusinessEvents.BUSINESS_PARTNER_CHANGED, partner.businessPartner, data);
  }
}
