package io.retailhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Masks customer values for operator lists. Local stand-in until the shared {@code
 * io.retailhub.ops.privacy.PiiMasker} reaches main; keep the rules identical when switching.
 */
final class PiiMask {
  private PiiMask() {}

  static String email(String email) {
    if (email == null) {
      return null;
    }
    int at = email.indexOf('@');
    return at <= 0 ? text(email) : email.charAt(0) + "***" + email.substring(at);
  }

  static String text(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return value.charAt(0) + "***";
  }

  /** Text keeps its first character (e-mails their domain), objects are masked field by field. */
  static JsonNode value(JsonNode value) {
    if (value == null || value.isNull()) {
      return value;
    }
    if (value.isObject()) {
      ObjectNode masked = JsonNodeFactory.instance.objectNode();
      value.fields().forEachRemaining(f -> masked.set(f.getKey(), value(f.getValue())));
      return masked;
    }
    if (value.isTextual()) {
      String text = value.asText();
      return TextNode.valueOf(text.contains("@") ? email(text) : text(text));
    }
    // numbers and booleans (credit limit, consent) say little without the person; kept as is
    return value;
  }
}
