package io.retailhub.sandbox.salesforce;

import io.retailhub.sandbox.salesforce.SObjectSchema.Field;
import io.retailhub.sandbox.salesforce.SObjectSchema.FieldType;
import io.retailhub.sandbox.salesforce.SObjectSchema.SObjectType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed {@link Soql.Query} against the {@link RecordStore}: checks every field path against
 * the schema (so typos fail like they do in Salesforce, with {@code INVALID_FIELD}), filters,
 * orders, applies OFFSET/LIMIT and projects the selected fields, following parent relationships
 * such as {@code Account.Name} one or more levels up.
 */
final class SoqlExecutor {

  private final RecordStore store;

  SoqlExecutor(RecordStore store) {
    this.store = store;
  }

  /** The matching rows, projected, in result order. */
  List<Map<String, Object>> execute(Soql.Query query, boolean includeDeleted) {
    SObjectType type = store.schema().type(query.objectName());
    if (type == null) {
      throw new SalesforceError(
          400,
          "INVALID_TYPE",
          "sObject type '"
              + query.objectName()
              + "' is not supported. If you are attempting to use"
              + " a custom object, be sure to append the '__c' after the entity name.");
    }
    List<String> paths = new ArrayList<>();
    for (String path : query.fields()) {
      paths.add(canonicalPath(type, path));
    }
    List<Soql.OrderBy> orderBy = new ArrayList<>();
    for (Soql.OrderBy order : query.orderBy()) {
      orderBy.add(
          new Soql.OrderBy(
              canonicalPath(type, order.path()), order.descending(), order.nullsFirst()));
    }
    if (query.where() != null) {
      validate(type, query.where());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> record : store.records(type.name(), includeDeleted)) {
      if (query.where() == null
          || Soql.matches(query.where(), path -> resolve(type, record, path))) {
        rows.add(record);
      }
    }
    if (!orderBy.isEmpty()) {
      rows.sort(comparator(type, orderBy));
    }
    int from = query.offset() == null ? 0 : Math.min(query.offset(), rows.size());
    int to = query.limit() == null ? rows.size() : Math.min(rows.size(), from + query.limit());
    List<Map<String, Object>> result = new ArrayList<>();
    for (Map<String, Object> record : rows.subList(from, to)) {
      result.add(query.count() ? record : project(type, record, paths));
    }
    return result;
  }

  private Comparator<Map<String, Object>> comparator(SObjectType type, List<Soql.OrderBy> orderBy) {
    return (left, right) -> {
      for (Soql.OrderBy order : orderBy) {
        Object a = resolve(type, left, order.path());
        Object b = resolve(type, right, order.path());
        int result;
        if (a == null || b == null) {
          if (a == b) {
            continue;
          }
          result = (a == null) == order.nullsFirst() ? -1 : 1;
          return result;
        }
        result = Soql.compareValues(a, b);
        if (order.descending()) {
          result = -result;
        }
        if (result != 0) {
          return result;
        }
      }
      return 0;
    };
  }

  private void validate(SObjectType type, Soql.Expr expr) {
    if (expr instanceof Soql.And and) {
      validate(type, and.left());
      validate(type, and.right());
    } else if (expr instanceof Soql.Or or) {
      validate(type, or.left());
      validate(type, or.right());
    } else if (expr instanceof Soql.Not not) {
      validate(type, not.inner());
    } else if (expr instanceof Soql.Comparison comparison) {
      canonicalPath(type, comparison.path());
    } else if (expr instanceof Soql.In in) {
      canonicalPath(type, in.path());
    } else if (expr instanceof Soql.Like like) {
      canonicalPath(type, like.path());
    }
  }

  /** The path with every segment in its schema spelling; INVALID_FIELD if any does not exist. */
  String canonicalPath(SObjectType type, String path) {
    String[] segments = path.split("\\.");
    StringBuilder canonical = new StringBuilder();
    SObjectType current = type;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (i < segments.length - 1) {
        Field reference = relationshipField(current, segment);
        SObjectType target =
            reference == null ? null : store.schema().type(relationshipTarget(reference));
        if (target == null) {
          throw invalidField(segment, current);
        }
        canonical.append(relationshipName(reference)).append('.');
        current = target;
      } else {
        Field field = current.field(segment);
        if (field == null) {
          throw invalidField(segment, current);
        }
        canonical.append(field.name());
      }
    }
    return canonical.toString();
  }

  private static SalesforceError invalidField(String name, SObjectType type) {
    return new SalesforceError(
        400,
        "INVALID_FIELD",
        "No such column '"
            + name
            + "' on entity '"
            + type.name()
            + "'. If you are attempting to use"
            + " a custom field, be sure to append the '__c' after the custom field name.");
  }

  private static Field relationshipField(SObjectType type, String relationship) {
    String lower = relationship.toLowerCase(java.util.Locale.ROOT);
    Field field =
        lower.endsWith("__r")
            ? type.field(relationship.substring(0, relationship.length() - 3) + "__c")
            : type.field(relationship + "Id");
    return field != null && field.type() == FieldType.REFERENCE ? field : null;
  }

  private static String relationshipName(Field reference) {
    String name = reference.name();
    return name.endsWith("__c")
        ? name.substring(0, name.length() - 3) + "__r"
        : name.substring(0, name.length() - 2);
  }

  /** The type a reference field points at: its relationship name for standard lookups. */
  private static String relationshipTarget(Field reference) {
    String relationship = relationshipName(reference);
    return switch (relationship) {
      case "BillToContact", "ShipToContact" -> "Contact";
      default -> relationship;
    };
  }

  private Object resolve(SObjectType type, Map<String, Object> record, String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      Field field = type.field(path);
      return field == null ? null : record.get(field.name());
    }
    Field reference = relationshipField(type, path.substring(0, dot));
    if (reference == null || record.get(reference.name()) == null) {
      return null;
    }
    Map<String, Object> parent = store.find(record.get(reference.name()).toString());
    if (parent == null) {
      return null;
    }
    SObjectType parentType = store.schema().type(RecordStore.typeOf(parent));
    return resolve(parentType, parent, path.substring(dot + 1));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> project(
      SObjectType type, Map<String, Object> record, List<String> paths) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("attributes", record.get("attributes"));
    for (String path : paths) {
      int dot = path.indexOf('.');
      if (dot < 0) {
        row.put(path, record.get(path));
        continue;
      }
      String relationship = path.substring(0, dot);
      Field reference = relationshipField(type, relationship);
      Object parentId = record.get(reference.name());
      Map<String, Object> parent = parentId == null ? null : store.find(parentId.toString());
      if (parent == null) {
        row.put(relationship, null);
        continue;
      }
      SObjectType parentType = store.schema().type(RecordStore.typeOf(parent));
      Map<String, Object> nested =
          row.get(relationship) instanceof Map<?, ?> existing
              ? (Map<String, Object>) existing
              : new LinkedHashMap<>();
      Map<String, Object> projected = project(parentType, parent, List.of(path.substring(dot + 1)));
      nested.putAll(projected);
      row.put(relationship, nested);
    }
    return row;
  }
}
