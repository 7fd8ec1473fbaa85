package io.retailhub.sandbox.seed;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The seeded retail dataset every simulator starts from. It is generated from a fixed random seed,
 * so it is identical on every start: one warehouse and four stores, 50 SKUs stocked in each, 100
 * customers known to all three platforms under different IDs, and some historical orders,
 * deliveries and tickets.
 */
public final class RetailSeed {

  public enum LocationType {
    WAREHOUSE,
    STORE
  }

  /** A plant in SAP terms: the warehouse or a store. */
  public record Location(String plant, String storageLocation, String name, LocationType type) {}

  public record Sku(String sku, String name, BigDecimal unitPrice, String currency, String unit) {}

  public record StockLevel(String sku, String plant, long onHand, long reserved) {}

  /**
   * One person as the three platforms know them. The IDs differ on purpose: golden matching must
   * link them, not assume them.
   */
  public record Customer(
      String goldenId,
      String firstName,
      String lastName,
      String email,
      String phone,
      String street,
      String city,
      String postalCode,
      String country,
      String loyaltyId,
      boolean marketingConsent,
      String erpBusinessPartner,
      String salesforceAccountId,
      String salesforceContactId,
      long zendeskUserId) {}

  public record OrderLine(String sku, long quantity, BigDecimal unitPrice) {}

  public record HistoricalOrder(
      String erpSalesOrder,
      String hubOrderId,
      int customerIndex,
      String plant,
      Instant createdAt,
      List<OrderLine> lines,
      String deliveryId,
      String carrier,
      String trackingNumber) {}

  public record HistoricalTicket(
      long ticketId, int customerIndex, String subject, String erpSalesOrder, Instant createdAt) {}

  public static final String CURRENCY = "EUR";
  public static final Instant EPOCH = Instant.parse("2026-10-01T08:00:00Z");

  private static final String[] FIRST_NAMES = {
    "Ada", "Ben", "Chloe", "Dario", "Elif", "Finn", "Greta", "Hugo", "Ines", "Jonas",
    "Kira", "Luca", "Mila", "Noah", "Olga", "Pia", "Quinn", "Rosa", "Sami", "Tara"
  };
  private static final String[] LAST_NAMES = {
    "Keller", "Novak", "Rossi", "Dubois", "Jensen", "Moreau", "Silva", "Weber", "Costa", "Larsen"
  };
  private static final String[] CITIES = {"Berlin", "Hamburg", "Munich", "Cologne", "Leipzig"};
  private static final String[] PRODUCTS = {
    "Trail Runner Shoe", "Rain Jacket", "Merino Sock", "Daypack 20L", "Insulated Bottle",
    "Fleece Hoodie", "Hiking Pole", "Sun Cap", "Softshell Pant", "Camp Mug"
  };
  private static final String[] CARRIERS = {"DHL", "UPS", "DPD"};

  private final List<Location> locations;
  private final List<Sku> skus;
  private final List<StockLevel> stock;
  private final List<Customer> customers;
  private final List<HistoricalOrder> orders;
  private final List<HistoricalTicket> tickets;

  private RetailSeed() {
    Random random = new Random(20261001L);
    locations =
        List.of(
            new Location("WH01", "0001", "Central Warehouse", LocationType.WAREHOUSE),
            new Location("S001", "0001", "Store Berlin Mitte", LocationType.STORE),
            new Location("S002", "0001", "Store Hamburg Altona", LocationType.STORE),
            new Location("S003", "0001", "Store Munich Schwabing", LocationType.STORE),
            new Location("S004", "0001", "Store Cologne Ehrenfeld", LocationType.STORE));

    List<Sku> skuList = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      String product = PRODUCTS[(i - 1) % PRODUCTS.length];
      String variant = "Size " + (36 + (i - 1) / PRODUCTS.length);
      BigDecimal price = BigDecimal.valueOf(990 + random.nextInt(15000), 2);
      skuList.add(
          new Sku(String.format("SKU-%04d", i), product + " " + variant, price, CURRENCY, "EA"));
    }
    skus = List.copyOf(skuList);

    List<StockLevel> stockList = new ArrayList<>();
    for (Sku sku : skus) {
      for (Location location : locations) {
        long onHand =
            location.type() == LocationType.WAREHOUSE
                ? 200 + random.nextInt(800)
                : random.nextInt(40);
        long reserved = onHand == 0 ? 0 : random.nextInt((int) Math.min(onHand, 5) + 1);
        stockList.add(new StockLevel(sku.sku(), location.plant(), onHand, reserved));
      }
    }
    stock = List.copyOf(stockList);

    List<Customer> customerList = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      String first = FIRST_NAMES[(i - 1) % FIRST_NAMES.length];
      String last = LAST_NAMES[((i - 1) / FIRST_NAMES.length + i) % LAST_NAMES.length];
      String city = CITIES[i % CITIES.length];
      customerList.add(
          new Customer(
              String.format("CUST-%06d", i),
              first,
              last,
              String.format("%s.%s%d@example.com", first.toLowerCase(), last.toLowerCase(), i),
              String.format("+4930%07d", 1000000 + i * 37),
              (10 + i) + " Hauptstrasse",
              city,
              String.format("%05d", 10000 + i * 91),
              "DE",
              String.format("LOY-%08d", 50000000 + i),
              i % 3 != 0,
              String.valueOf(1000000 + i),
              salesforceId("001", i),
              salesforceId("003", i),
              360000000000L + i));
    }
    customers = List.copyOf(customerList);

    List<HistoricalOrder> orderList = new ArrayList<>();
    List<HistoricalTicket> ticketList = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      int customerIndex = random.nextInt(customers.size());
      List<OrderLine> lines = new ArrayList<>();
      int lineCount = 1 + random.nextInt(3);
      for (int l = 0; l < lineCount; l++) {
        Sku sku = skus.get(random.nextInt(skus.size()));
        lines.add(new OrderLine(sku.sku(), 1 + random.nextInt(3), sku.unitPrice()));
      }
      boolean delivered = i % 4 != 0;
      orderList.add(
          new HistoricalOrder(
              String.valueOf(1000 + i),
              null,
              customerIndex,
              "WH01",
              EPOCH.plusSeconds(3600L * 24 * i / 2),
              List.copyOf(lines),
              delivered ? String.valueOf(80000000 + i) : null,
              delivered ? CARRIERS[i % CARRIERS.length] : null,
              delivered ? String.format("00340434%010d", 1000000L + i * 7) : null));
      if (i % 3 == 0) {
        ticketList.add(
            new HistoricalTicket(
                i / 3,
                customerIndex,
                "Where is my order " + (1000 + i) + "?",
                String.valueOf(1000 + i),
                EPOCH.plusSeconds(3600L * 24 * i / 2 + 7200)));
      }
    }
    orders = List.copyOf(orderList);
    tickets = List.copyOf(ticketList);
  }

  private static final RetailSeed INSTANCE = new RetailSeed();

  public static RetailSeed standard() {
    return INSTANCE;
  }

  /** An 18-character Salesforce-shaped record ID with the given key prefix. */
  public static String salesforceId(String keyPrefix, long number) {
    String base = keyPrefix + String.format("%012d", number);
    return base + "AAA";
  }

  public List<Location> locations() {
    return locations;
  }

  public List<Sku> skus() {
    return skus;
  }

  public List<StockLevel> stock() {
    return stock;
  }

  public List<Customer> customers() {
    return customers;
  }

  public List<HistoricalOrder> orders() {
    return orders;
  }

  public List<HistoricalTicket> tickets() {
    return tickets;
  }
}
