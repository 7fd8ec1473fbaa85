package io.retailhub.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure answered in Salesforce's REST error shape: a JSON array of {@code {message, errorCode,
 * fields}} objects. sObject Collections report the same failure per record with {@code statusCode}
 * instead of {@code errorCode}; {@link #asCollectionError()} gives that form.
 */
public final class SalesforceError extends RuntimeException {

  private final int status;
  private final String errorCode;
  private final List<String> fields;

  public SalesforceError(int status, String errorCode, String message, List<String> fields) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields == null ? List.of() : List.copyOf(fields);
  }

  public SalesforceError(int status, String errorCode, String message) {
    this(status, errorCode, message, null);
  }

  public int status() {
    return status;
  }

  public String errorCode() {
    return errorCode;
  }

  public List<String> fields() {
    return fields;
  }

  /** The REST body: {@code [{"message":..,"errorCode":..,"fields":[..]}]}. */
  public List<Map<String, Object>> body() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", getMessage());
    error.put("errorCode", errorCode);
    if (!fields.isEmpty()) {
      error.put("fields", fields);
    }
    return List.of(error);
  }

  /** One entry of a collection result's {@code errors} array. */
  public Map<String, Object> asCollectionError() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("statusCode", errorCode);
    error.put("message", getMessage());
    error.put("fields", fields);
    return error;
  }

  static SalesforceError notFound() {
    return new SalesforceError(404, "NOT_FOUND", "The requested resource does not exist");
  }

  static SalesforceError unknownType(String type) {
    return new SalesforceError(
        404, "NOT_FOUND", "The requested resource does not exist (sObject type '" + type + "')");
  }
}
