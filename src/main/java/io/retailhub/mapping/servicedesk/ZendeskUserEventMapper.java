package io.retailhub.mapping.servicedesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.retailhub.customer.PlatformCustomerChange;
import io.retailhub.mapping.MappingException;
import io.retailhub.model.FieldViolation;
import io.retailhub.model.Platform;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Zendesk user event webhook ({@code zen:event-type:user.*}) to a platform customer change. The
 * event detail carries the user's id, e-mail and {@code external_id} (the golden ID when the hub
 * created or linked the user); the event body says what changed. Mapped: {@code user.created}
 * (e-mail), {@code user.identity_changed} for the primary e-mail or phone, and {@code
 * user.name_changed} (split at the last space like {@link ZendeskUserMapper}). Other user events
 * and users that are not end-users (agents, admins) are not customer changes: {@link #changeOf}
 * answers empty for them.
 */
public final class ZendeskUserEventMapper {
  static final String SOURCE = "servicedesk:user-event";
  static final String TYPE_PREFIX = "zen:event-type:";

  private ZendeskUserEventMapper() {}

  public static Optional<PlatformCustomerChange> changeOf(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new MappingException(SOURCE, List.of(new FieldViolation("", "must be an object")));
    }
    List<FieldViolation> violations = new ArrayList<>();
    String type = text(event, "type");
    if (type == null || !type.startsWith(TYPE_PREFIX + "user.")) {
      violations.add(new FieldViolation("type", "must be a zen:event-type:user.* event"));
    }
    JsonNode detail = event.path("detail");
    String userId = text(detail, "id");
    if (userId == null) {
      violations.add(new FieldViolation("detail.id", "is required"));
    }
    Instant changedAt = instant(event, "time", violations);
    if (!violations.isEmpty()) {
      throw new MappingException(SOURCE, violations);
    }
    String role = text(detail, "role");
    if (role != null && !"end-user".equals(role)) {
      return Optional.empty();
    }
    JsonNode body = event.path("event");
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    switch (type.substring(TYPE_PREFIX.length())) {
      case "user.created" -> putText(attributes, "email", text(detail, "email"));
      case "user.identity_changed" -> {
        JsonNode current = body.path("current");
        if (current.path("primary").asBoolean(true)) {
          switch (current.path("type").asText("")) {
            case "email" -> putText(attributes, "email", text(current, "value"));
            case "phone_number" -> putText(attributes, "phone", text(current, "value"));
            default -> {
              // other identities (twitter, google, ...) are not customer master data
            }
          }
        }
      }
      case "user.name_changed" -> {
        String name = text(body, "current");
        if (name != null) {
          String trimmed = name.trim();
          int split = trimmed.lastIndexOf(' ');
          if (split > 0) {
            putText(attributes, "firstName", trimmed.substring(0, split));
            putText(attributes, "lastName", trimmed.substring(split + 1));
          } else {
            putText(attributes, "lastName", trimmed);
          }
        }
      }
      default -> {
        return Optional.empty();
      }
    }
    if (attributes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new PlatformCustomerChange(
            Platform.SERVICEDESK,
            userId,
            text(detail, "external_id"),
            text(detail, "email"),
            changedAt,
            attributes));
  }

  private static Instant instant(JsonNode node, String field, List<FieldViolation> violations) {
    String value = text(node, field);
    if (value == null) {
      violations.add(new FieldViolation(field, "is required"));
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      violations.add(new FieldViolation(field, "is not an ISO-8601 instant"));
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()
        ? null
        : value.asText();
  }

  private static void putText(Map<String, JsonNode> attributes, String attribute, String value) {
    if (value != null) {
      attributes.put(attribute, TextNode.valueOf(value));
    }
  }
}
