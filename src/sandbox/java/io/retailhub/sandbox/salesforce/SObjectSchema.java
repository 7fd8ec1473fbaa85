package io.retailhub.sandbox.salesforce;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated org's metadata: which sObject types exist, their key prefixes, fields, required
 * fields, restricted picklists and external ID fields. Field lookups are case-insensitive, as they
 * are in Salesforce.
 */
public final class SObjectSchema {

  /** Field types the simulator distinguishes for validation, SOQL comparison and JSON output. */
  public enum FieldType {
    ID,
    REFERENCE,
    STRING,
    NUMBER,
    BOOLEAN,
    DATE,
    DATETIME,
    PICKLIST
  }

  /**
   * One field. {@code readOnly} fields (system fields, auto numbers) are refused on write the way
   * Salesforce refuses them ({@code INVALID_FIELD_FOR_INSERT_UPDATE}).
   */
  public record Field(
      String name,
      FieldType type,
      boolean required,
      boolean externalId,
      boolean unique,
      boolean readOnly,
      List<String> picklistValues,
      Object defaultValue) {}

  /** One sObject type. */
  public static final class SObjectType {
    private final String name;
    private final String keyPrefix;
    private final boolean changeDataCapture;
    private final Map<String, Field> fieldsByLowerName = new ConcurrentHashMap<>();
    private final Map<String, Field> fieldsInOrder = new LinkedHashMap<>();

    SObjectType(String name, String keyPrefix, boolean changeDataCapture) {
      this.name = name;
      this.keyPrefix = keyPrefix;
      this.changeDataCapture = changeDataCapture;
      for (String system : List.of("CreatedDate", "LastModifiedDate", "SystemModstamp")) {
        add(new Field(system, FieldType.DATETIME, false, false, false, true, List.of(), null));
      }
      add(new Field("Id", FieldType.ID, false, false, true, true, List.of(), null));
      add(new Field("IsDeleted", FieldType.BOOLEAN, false, false, false, true, List.of(), null));
      add(
          new Field(
              "CreatedById", FieldType.REFERENCE, false, false, false, true, List.of(), null));
      add(
          new Field(
              "LastModifiedById", FieldType.REFERENCE, false, false, false, true, List.of(), null));
    }

    synchronized SObjectType add(Field field) {
      fieldsByLowerName.put(field.name().toLowerCase(Locale.ROOT), field);
      fieldsInOrder.put(field.name(), field);
      return this;
    }

    public String name() {
      return name;
    }

    public String keyPrefix() {
      return keyPrefix;
    }

    public boolean changeDataCapture() {
      return changeDataCapture;
    }

    /** The field with this name in any letter case, or {@code null}. */
    public Field field(String anyCase) {
      return fieldsByLowerName.get(anyCase.toLowerCase(Locale.ROOT));
    }

    public synchronized Collection<Field> fields() {
      return List.copyOf(fieldsInOrder.values());
    }
  }

  private final Map<String, SObjectType> typesByLowerName = new ConcurrentHashMap<>();

  public SObjectType type(String anyCase) {
    return anyCase == null ? null : typesByLowerName.get(anyCase.toLowerCase(Locale.ROOT));
  }

  public Collection<SObjectType> types() {
    return typesByLowerName.values();
  }

  /** Adds a field to a type at runtime, for hub fields this schema does not know yet. */
  public void addField(String typeName, Field field) {
    SObjectType type = type(typeName);
    if (type == null) {
      throw new IllegalArgumentException("unknown sObject type " + typeName);
    }
    type.add(field);
  }

  private SObjectType define(String name, String keyPrefix, boolean cdc) {
    SObjectType type = new SObjectType(name, keyPrefix, cdc);
    typesByLowerName.put(name.toLowerCase(Locale.ROOT), type);
    return type;
  }

  private static Field text(String name) {
    return new Field(name, FieldType.STRING, false, false, false, false, List.of(), null);
  }

  private static Field requiredText(String name) {
    return new Field(name, FieldType.STRING, true, false, false, false, List.of(), null);
  }

  private static Field number(String name) {
    return new Field(name, FieldType.NUMBER, false, false, false, false, List.of(), null);
  }

  private static Field bool(String name, boolean defaultValue) {
    return new Field(name, FieldType.BOOLEAN, false, false, false, false, List.of(), defaultValue);
  }

  private static Field ref(String name, boolean required) {
    return new Field(name, FieldType.REFERENCE, required, false, false, false, List.of(), null);
  }

  private static Field externalId(String name, boolean unique) {
    return new Field(name, FieldType.STRING, false, true, unique, false, List.of(), null);
  }

  private static Field autoNumber(String name) {
    return new Field(name, FieldType.STRING, false, false, true, true, List.of(), null);
  }

  private static Field picklist(
      String name, boolean required, Object defaultValue, String... values) {
    return new Field(
        name, FieldType.PICKLIST, required, false, false, false, List.of(values), defaultValue);
  }

  private static void address(SObjectType type, String prefix) {
    for (String part : List.of("Street", "City", "PostalCode", "State", "Country")) {
      type.add(text(prefix + part));
    }
  }

  /** The retail org the hub talks to: standard objects plus the hub's custom fields and object. */
  public static SObjectSchema retailOrg() {
    SObjectSchema schema = new SObjectSchema();

    SObjectType account = schema.define("Account", "001", true);
    account.add(requiredText("Name"));
    for (String f : List.of("AccountNumber", "Phone", "Website", "Industry", "Description")) {
      account.add(text(f));
    }
    account.add(picklist("Type", false, null, "Customer", "Prospect", "Partner", "Other"));
    address(account, "Billing");
    address(account, "Shipping");
    account.add(ref("OwnerId", false));
    account.add(externalId("Golden_Customer_Id__c", false));

    SObjectType contact = schema.define("Contact", "003", true);
    contact.add(text("FirstName"));
    contact.add(requiredText("LastName"));
    contact.add(new Field("Name", FieldType.STRING, false, false, false, true, List.of(), null));
    for (String f : List.of("Email", "Phone", "MobilePhone", "Title", "Description")) {
      contact.add(text(f));
    }
    contact.add(ref("AccountId", false));
    address(contact, "Mailing");
    contact.add(
        new Field("Birthdate", FieldType.DATE, false, false, false, false, List.of(), null));
    contact.add(externalId("Golden_Customer_Id__c", false));
    contact.add(text("Loyalty_Id__c"));
    contact.add(bool("HasOptedOutOfEmail", false));
    contact.add(ref("OwnerId", false));

    SObjectType product = schema.define("Product2", "01t", false);
    product.add(requiredText("Name"));
    product.add(text("ProductCode"));
    // StockKeepingUnit is an idLookup field in Salesforce, so upsert accepts it
    product.add(externalId("StockKeepingUnit", true));
    product.add(text("Description"));
    product.add(text("Family"));
    product.add(text("QuantityUnitOfMeasure"));
    product.add(bool("IsActive", false));

    SObjectType order = schema.define("Order", "801", true);
    order.add(ref("AccountId", true));
    order.add(
        new Field("EffectiveDate", FieldType.DATE, true, false, false, false, List.of(), null));
    order.add(
        picklist(
            "Status",
            true,
            "Draft",
            "Draft",
            "Activated",
            "Confirmed",
            "Shipped",
            "Delivered",
            "Cancelled",
            "Pending ERP"));
    order.add(autoNumber("OrderNumber"));
    order.add(externalId("Hub_Order_Id__c", true));
    order.add(text("ERP_Order_Number__c"));
    order.add(text("Tracking_Number__c"));
    order.add(text("Fulfilment_Type__c"));
    order.add(text("Description"));
    order.add(text("Type"));
    order.add(text("OrderReferenceNumber"));
    order.add(text("CurrencyIsoCode"));
    order.add(number("TotalAmount"));
    order.add(ref("Pricebook2Id", false));
    order.add(ref("BillToContactId", false));
    order.add(ref("ShipToContactId", false));
    order.add(ref("OwnerId", false));
    address(order, "Billing");
    address(order, "Shipping");

    SObjectType orderItem = schema.define("OrderItem", "802", false);
    orderItem.add(ref("OrderId", true));
    orderItem.add(ref("Product2Id", false));
    orderItem.add(ref("PricebookEntryId", false));
    orderItem.add(
        new Field("Quantity", FieldType.NUMBER, true, false, false, false, List.of(), null));
    orderItem.add(
        new Field("UnitPrice", FieldType.NUMBER, true, false, false, false, List.of(), null));
    orderItem.add(number("TotalPrice"));
    orderItem.add(text("Description"));
    orderItem.add(autoNumber("OrderItemNumber"));

    SObjectType caseType = schema.define("Case", "500", true);
    caseType.add(autoNumber("CaseNumber"));
    caseType.add(text("Subject"));
    caseType.add(text("Description"));
    caseType.add(picklist("Status", true, "New", "New", "Working", "Escalated", "Closed"));
    caseType.add(picklist("Priority", false, "Medium", "High", "Medium", "Low"));
    caseType.add(picklist("Origin", false, null, "Phone", "Email", "Web"));
    caseType.add(text("Type"));
    caseType.add(text("Reason"));
    caseType.add(text("SuppliedEmail"));
    caseType.add(ref("ContactId", false));
    caseType.add(ref("AccountId", false));
    caseType.add(ref("OwnerId", false));

    SObjectType inventory = schema.define("Inventory_Position__c", "a0X", false);
    inventory.add(new Field("Name", FieldType.STRING, false, false, false, false, List.of(), null));
    inventory.add(externalId("Position_Key__c", true));
    inventory.add(text("SKU__c"));
    inventory.add(text("Location__c"));
    for (String f : List.of("On_Hand__c", "Reserved__c", "Available__c", "Source_Sequence__c")) {
      inventory.add(number(f));
    }
    inventory.add(
        new Field("As_Of__c", FieldType.DATETIME, false, false, false, false, List.of(), null));
    inventory.add(ref("OwnerId", false));
    return schema;
  }

  /** Types whose changes are published as Change Data Capture events. */
  public Set<String> changeDataCaptureTypes() {
    return Set.copyOf(
        types().stream().filter(SObjectType::changeDataCapture).map(SObjectType::name).toList());
  }
}
