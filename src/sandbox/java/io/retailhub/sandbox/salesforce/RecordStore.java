package io.retailhub.sandbox.salesforce;

import io.retailhub.sandbox.salesforce.SObjectSchema.Field;
import io.retailhub.sandbox.salesforce.SObjectSchema.FieldType;
import io.retailhub.sandbox.salesforce.SObjectSchema.SObjectType;
import io.retailhub.sandbox.seed.RetailSeed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The org's records, in memory. Every write goes through a {@link Transaction}: it holds the store
 * lock, validates like Salesforce does, keeps an undo log so that {@code allOrNone} calls can roll
 * back, and hands its changes to the change listener (Change Data Capture) only on commit.
 *
 * <p>Deleted records stay in the store with {@code IsDeleted = true} (the recycle bin), so {@code
 * queryAll} can still see them.
 */
public final class RecordStore {

  /** Salesforce's wire format for datetimes: {@code 2026-10-01T08:00:00.000+0000}. */
  public static final DateTimeFormatter SALESFORCE_DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter LENIENT_DATETIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
          .toFormatter(Locale.ROOT);

  /** The kind of change, with the CDC wire code. */
  public enum ChangeType {
    CREATE("CREATE"),
    UPDATE("UPDATE"),
    DELETE("DELETE");

    private final String wireCode;

    ChangeType(String wireCode) {
      this.wireCode = wireCode;
    }

    public String wireCode() {
      return wireCode;
    }
  }

  /** One committed record change, as CDC needs it. */
  public record Change(
      String entityName,
      String recordId,
      ChangeType changeType,
      List<String> changedFields,
      Map<String, Object> values,
      Instant committedAt,
      String transactionKey,
      int sequenceNumber) {}

  /** Thrown by upsert when the external ID matches more than one record (HTTP 300). */
  public static final class MultipleMatches extends RuntimeException {
    private final List<String> recordIds;

    MultipleMatches(List<String> recordIds) {
      super("multiple records match the external ID");
      this.recordIds = List.copyOf(recordIds);
    }

    public List<String> recordIds() {
      return recordIds;
    }
  }

  /** The outcome of one upsert. */
  public record UpsertResult(String id, boolean created) {}

  private final SObjectSchema schema;
  private final Supplier<Clock> clock;
  private final Consumer<List<Change>> changeListener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Map<String, Object>> recordsById = new LinkedHashMap<>();
  private final Map<String, AtomicLong> idCounters = new ConcurrentHashMap<>();
  private final AtomicLong autoNumbers = new AtomicLong(100);
  private final String userId;

  public RecordStore(
      SObjectSchema schema,
      Supplier<Clock> clock,
      String userId,
      Consumer<List<Change>> changeListener) {
    this.schema = schema;
    this.clock = clock;
    this.userId = userId;
    this.changeListener = changeListener;
  }

  public SObjectSchema schema() {
    return schema;
  }

  public Transaction begin() {
    return new Transaction();
  }

  /** A copy of one record, deleted or not, or {@code null}. */
  public Map<String, Object> find(String id) {
    lock.lock();
    try {
      Map<String, Object> record = recordsById.get(normalizeId(id));
      return record == null ? null : new LinkedHashMap<>(record);
    } finally {
      lock.unlock();
    }
  }

  /** Copies of all records of a type in creation order; deleted ones only if asked. */
  public List<Map<String, Object>> records(String typeName, boolean includeDeleted) {
    lock.lock();
    try {
      List<Map<String, Object>> result = new ArrayList<>();
      for (Map<String, Object> record : recordsById.values()) {
        if (typeName.equals(typeOf(record))
            && (includeDeleted || !Boolean.TRUE.equals(record.get("IsDeleted")))) {
          result.add(new LinkedHashMap<>(record));
        }
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** Live records of a type whose field equals the value (case-insensitive, like external IDs). */
  public List<Map<String, Object>> findBy(String typeName, String fieldName, String value) {
    return records(typeName, false).stream()
        .filter(
            r -> r.get(fieldName) != null && r.get(fieldName).toString().equalsIgnoreCase(value))
        .toList();
  }

  public Map<String, Integer> counts() {
    lock.lock();
    try {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (Map<String, Object> record : recordsById.values()) {
        if (!Boolean.TRUE.equals(record.get("IsDeleted"))) {
          counts.merge(typeOf(record), 1, Integer::sum);
        }
      }
      return counts;
    } finally {
      lock.unlock();
    }
  }

  static String typeOf(Map<String, Object> record) {
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) record.get("attributes");
    return (String) attributes.get("type");
  }

  /** Salesforce accepts 15- and 18-character IDs; the store keys on the 18-character form. */
  static String normalizeId(String id) {
    if (id != null && id.length() == 15) {
      return id + "AAA";
    }
    return id;
  }

  public static String formatDateTime(Instant instant) {
    return SALESFORCE_DATETIME.format(instant);
  }

  /** Parses the datetime forms Salesforce accepts on input. */
  public static Instant parseDateTime(String text) {
    return OffsetDateTime.parse(text, LENIENT_DATETIME).toInstant();
  }

  /** A unit of work holding the store lock; close without commit rolls back. */
  public final class Transaction implements AutoCloseable {
    private final List<Runnable> undo = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private final String transactionKey;
    private boolean finished;

    private Transaction() {
      lock.lock();
      transactionKey = java.util.UUID.randomUUID().toString();
    }

    public String create(String typeName, Map<String, Object> input) {
      SObjectType type = requireType(typeName);
      Map<String, Object> values = coerce(type, input, true);
      for (Field field : type.fields()) {
        if (field.defaultValue() != null && !values.containsKey(field.name())) {
          values.put(field.name(), field.defaultValue());
        }
      }
      requirePresent(type, values, true);
      String id =
          RetailSeed.salesforceId(
              type.keyPrefix(),
              idCounters
                  .computeIfAbsent(type.keyPrefix(), k -> new AtomicLong(100_000))
                  .incrementAndGet());
      return insert(type, id, values);
    }

    /** Inserts with a fixed ID; used by the seed so that IDs match RetailSeed's. */
    String createWithId(String typeName, String id, Map<String, Object> input, Instant createdAt) {
      SObjectType type = requireType(typeName);
      Map<String, Object> values = coerce(type, input, true);
      for (Field field : type.fields()) {
        if (field.defaultValue() != null && !values.containsKey(field.name())) {
          values.put(field.name(), field.defaultValue());
        }
      }
      requirePresent(type, values, true);
      String inserted = insert(type, id, values);
      String stamp = formatDateTime(createdAt);
      Map<String, Object> record = recordsById.get(inserted);
      record.put("CreatedDate", stamp);
      record.put("LastModifiedDate", stamp);
      record.put("SystemModstamp", stamp);
      return inserted;
    }

    private String insert(SObjectType type, String id, Map<String, Object> values) {
      checkUnique(type, values, id);
      Instant now = clock.get().instant();
      String stamp = formatDateTime(now);
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("attributes", attributes(type.name(), id));
      record.put("Id", id);
      record.put("IsDeleted", false);
      for (Field field : type.fields()) {
        if (field.readOnly() && field.type() == FieldType.STRING && field.unique()) {
          record.put(field.name(), String.format("%08d", autoNumbers.incrementAndGet()));
        } else if (!field.readOnly()) {
          record.put(field.name(), values.get(field.name()));
        }
      }
      derive(type, record);
      record.put("CreatedDate", stamp);
      record.put("CreatedById", userId);
      record.put("LastModifiedDate", stamp);
      record.put("LastModifiedById", userId);
      record.put("SystemModstamp", stamp);
      recordsById.put(id, record);
      undo.add(() -> recordsById.remove(id));
      Map<String, Object> eventValues = new LinkedHashMap<>();
      record.forEach(
          (k, v) -> {
            if (v != null && !k.equals("attributes") && !k.equals("Id") && !k.equals("IsDeleted")) {
              eventValues.put(k, v);
            }
          });
      record(type.name(), id, ChangeType.CREATE, List.of(), eventValues, now);
      return id;
    }

    public void update(String typeName, String id, Map<String, Object> input) {
      SObjectType type = requireType(typeName);
      Map<String, Object> existing = live(type, id);
      Map<String, Object> values = coerce(type, input, false);
      Map<String, Object> merged = new LinkedHashMap<>(existing);
      merged.putAll(values);
      requirePresent(type, merged, false);
      checkUnique(type, values, existing.get("Id").toString());
      Map<String, Object> before = new LinkedHashMap<>(existing);
      Instant now = clock.get().instant();
      List<String> changed = new ArrayList<>();
      Map<String, Object> eventValues = new LinkedHashMap<>();
      values.forEach(
          (k, v) -> {
            if (!Objects.equals(existing.get(k), v)) {
              changed.add(k);
              eventValues.put(k, v);
            }
            existing.put(k, v);
          });
      derive(type, existing);
      String stamp = formatDateTime(now);
      existing.put("LastModifiedDate", stamp);
      existing.put("LastModifiedById", userId);
      existing.put("SystemModstamp", stamp);
      changed.add("LastModifiedDate");
      eventValues.put("LastModifiedDate", stamp);
      String key = existing.get("Id").toString();
      undo.add(() -> recordsById.put(key, before));
      record(type.name(), key, ChangeType.UPDATE, changed, eventValues, now);
    }

    public void delete(String id) {
      Map<String, Object> existing = recordsById.get(normalizeId(id));
      if (existing == null) {
        throw SalesforceError.notFound();
      }
      if (Boolean.TRUE.equals(existing.get("IsDeleted"))) {
        throw new SalesforceError(404, "ENTITY_IS_DELETED", "entity is deleted", List.of());
      }
      Map<String, Object> before = new LinkedHashMap<>(existing);
      Instant now = clock.get().instant();
      existing.put("IsDeleted", true);
      existing.put("SystemModstamp", formatDateTime(now));
      String key = existing.get("Id").toString();
      undo.add(() -> recordsById.put(key, before));
      record(typeOf(existing), key, ChangeType.DELETE, List.of(), Map.of(), now);
    }

    /** Upsert by an external ID field (or {@code Id}). */
    public UpsertResult upsert(
        String typeName, String externalIdField, String value, Map<String, Object> input) {
      SObjectType type = requireType(typeName);
      Field field = type.field(externalIdField);
      if (field == null || !(field.externalId() || field.type() == FieldType.ID)) {
        throw new SalesforceError(
            404,
            "NOT_FOUND",
            "Provided external ID field does not exist or is not accessible: " + externalIdField);
      }
      Map<String, Object> body = new LinkedHashMap<>(input);
      body.remove("attributes");
      Object inBody = removeIgnoringCase(body, field.name());
      if (inBody != null && !inBody.toString().equalsIgnoreCase(value)) {
        throw new SalesforceError(
            400,
            "INVALID_FIELD",
            "The value of the external ID field in the body doesn't match the URL: "
                + field.name());
      }
      if (field.type() == FieldType.ID) {
        update(type.name(), value, body);
        return new UpsertResult(normalizeId(value), false);
      }
      List<String> matches = new ArrayList<>();
      for (Map<String, Object> record : recordsById.values()) {
        if (type.name().equals(typeOf(record))
            && !Boolean.TRUE.equals(record.get("IsDeleted"))
            && record.get(field.name()) != null
            && record.get(field.name()).toString().equalsIgnoreCase(value)) {
          matches.add(record.get("Id").toString());
        }
      }
      if (matches.size() > 1) {
        throw new MultipleMatches(matches);
      }
      if (matches.size() == 1) {
        update(type.name(), matches.get(0), body);
        return new UpsertResult(matches.get(0), false);
      }
      body.put(field.name(), value);
      return new UpsertResult(create(type.name(), body), true);
    }

    /** A copy of a live record of the type; 404 otherwise. */
    public Map<String, Object> read(String typeName, String id) {
      return new LinkedHashMap<>(live(requireType(typeName), id));
    }

    public void commit() {
      finished = true;
      try {
        // published under the lock, so replay IDs follow commit order
        if (!changes.isEmpty()) {
          changeListener.accept(List.copyOf(changes));
        }
      } finally {
        lock.unlock();
      }
    }

    public void rollback() {
      if (finished) {
        return;
      }
      finished = true;
      for (int i = undo.size() - 1; i >= 0; i--) {
        undo.get(i).run();
      }
      lock.unlock();
    }

    @Override
    public void close() {
      rollback();
    }

    private void record(
        String entity,
        String id,
        ChangeType changeType,
        List<String> changed,
        Map<String, Object> values,
        Instant at) {
      changes.add(
          new Change(
              entity,
              id,
              changeType,
              List.copyOf(changed),
              java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values)),
              at,
              transactionKey,
              changes.size() + 1));
    }

    private Map<String, Object> live(SObjectType type, String id) {
      Map<String, Object> existing = recordsById.get(normalizeId(id));
      if (existing == null || !type.name().equals(typeOf(existing))) {
        throw SalesforceError.notFound();
      }
      if (Boolean.TRUE.equals(existing.get("IsDeleted"))) {
        throw new SalesforceError(404, "ENTITY_IS_DELETED", "entity is deleted");
      }
      return existing;
    }

    private void checkUnique(SObjectType type, Map<String, Object> values, String selfId) {
      for (Field field : type.fields()) {
        Object value = values.get(field.name());
        if (!field.unique() || field.readOnly() || value == null) {
          continue;
        }
        for (Map<String, Object> other : recordsById.values()) {
          if (type.name().equals(typeOf(other))
              && !Boolean.TRUE.equals(other.get("IsDeleted"))
              && !other.get("Id").equals(selfId)
              && value.toString().equalsIgnoreCase(String.valueOf(other.get(field.name())))) {
            throw new SalesforceError(
                400,
                "DUPLICATE_VALUE",
                "duplicate value found: "
                    + field.name()
                    + " duplicates value on record with id: "
                    + other.get("Id"));
          }
        }
      }
    }

    private Map<String, Object> coerce(
        SObjectType type, Map<String, Object> input, boolean creating) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : input.entrySet()) {
        String name = entry.getKey();
        if (name.equals("attributes")) {
          continue;
        }
        Field field = type.field(name);
        if (field == null) {
          throw new SalesforceError(
              400,
              "INVALID_FIELD",
              "No such column '" + name + "' on sobject of type " + type.name());
        }
        if (field.type() == FieldType.ID) {
          continue; // an Id in the body is ignored; the URL or the collection entry decides
        }
        if (field.readOnly()) {
          throw new SalesforceError(
              400,
              "INVALID_FIELD_FOR_INSERT_UPDATE",
              "Unable to "
                  + (creating ? "create" : "update")
                  + " fields: ["
                  + field.name()
                  + "]."
                  + " Please check the security settings of this field and verify that it is"
                  + " read/write for your profile or permission set.",
              List.of(field.name()));
        }
        values.put(field.name(), convert(type, field, entry.getValue()));
      }
      return values;
    }

    private Object convert(SObjectType type, Field field, Object raw) {
      if (raw == null
          || (raw instanceof String s && s.isEmpty() && field.type() != FieldType.STRING)) {
        return null;
      }
      try {
        return switch (field.type()) {
          case STRING ->
              raw instanceof Map || raw instanceof List ? fail(field, raw) : raw.toString();
          case NUMBER ->
              raw instanceof Number n
                  ? new BigDecimal(n.toString())
                  : new BigDecimal(raw.toString());
          case BOOLEAN -> {
            if (raw instanceof Boolean b) {
              yield b;
            }
            String text = raw.toString();
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
              yield fail(field, raw);
            }
            yield Boolean.parseBoolean(text);
          }
          case DATE ->
              LocalDate.parse(
                      raw.toString().length() > 10
                          ? raw.toString().substring(0, 10)
                          : raw.toString())
                  .toString();
          case DATETIME -> formatDateTime(parseDateTime(raw.toString()));
          case PICKLIST -> {
            String text = raw.toString();
            if (!field.picklistValues().contains(text)) {
              throw new SalesforceError(
                  400,
                  "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                  field.name() + ": bad value for restricted picklist field: " + text,
                  List.of(field.name()));
            }
            yield text;
          }
          case REFERENCE -> {
            String id = normalizeId(raw.toString());
            boolean userReference = id.startsWith("005");
            Map<String, Object> target = recordsById.get(id);
            if (!userReference
                && (target == null || Boolean.TRUE.equals(target.get("IsDeleted")))) {
              throw new SalesforceError(
                  400,
                  "INVALID_CROSS_REFERENCE_KEY",
                  field.name() + ": id value of incorrect type: " + raw,
                  List.of(field.name()));
            }
            yield id;
          }
          case ID -> raw.toString();
        };
      } catch (NumberFormatException | DateTimeParseException e) {
        return fail(field, raw);
      }
    }

    private Object fail(Field field, Object raw) {
      throw new SalesforceError(
          400,
          "JSON_PARSER_ERROR",
          "Cannot deserialize value '"
              + raw
              + "' for field "
              + field.name()
              + " of type "
              + field.type(),
          List.of(field.name()));
    }

    private void requirePresent(SObjectType type, Map<String, Object> values, boolean creating) {
      List<String> missing = new ArrayList<>();
      for (Field field : type.fields()) {
        if (!field.required()) {
          continue;
        }
        boolean touched = creating || values.containsKey(field.name());
        Object value = values.get(field.name());
        if (touched && (value == null || (value instanceof String s && s.isBlank()))) {
          missing.add(field.name());
        }
      }
      if (!missing.isEmpty()) {
        throw new SalesforceError(
            400,
            "REQUIRED_FIELD_MISSING",
            "Required fields are missing: " + missing.toString().replace(", ", ","),
            missing);
      }
    }

    private SObjectType requireType(String typeName) {
      SObjectType type = schema.type(typeName);
      if (type == null) {
        throw SalesforceError.unknownType(typeName);
      }
      return type;
    }
  }

  private static void derive(SObjectType type, Map<String, Object> record) {
    if (type.name().equals("Contact")) {
      String first = (String) record.get("FirstName");
      String last = (String) record.get("LastName");
      record.put("Name", first == null || first.isBlank() ? last : first + " " + last);
    }
    if (type.name().equals("OrderItem")
        && record.get("Quantity") instanceof BigDecimal quantity
        && record.get("UnitPrice") instanceof BigDecimal price) {
      record.put("TotalPrice", quantity.multiply(price));
    }
    if (type.name().equals("Inventory_Position__c") && record.get("Name") == null) {
      record.put("Name", record.get("Position_Key__c"));
    }
  }

  private static Object removeIgnoringCase(Map<String, Object> body, String name) {
    for (String key : List.copyOf(body.keySet())) {
      if (key.equalsIgnoreCase(name)) {
        return body.remove(key);
      }
    }
    return null;
  }

  static Map<String, Object> attributes(String type, String id) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("type", type);
    attributes.put("url", "/services/data/v62.0/sobjects/" + type + "/" + id);
    return attributes;
  }
}
