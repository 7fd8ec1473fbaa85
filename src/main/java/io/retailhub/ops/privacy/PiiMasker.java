package io.retailhub.ops.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data before a payload leaves the hub's stores for a human: ops API responses and,
 * later, logs. JSON fields are masked by name (names, e-mails, phones, street addresses, in any of
 * the platforms' spellings: {@code FirstName}, {@code PersonEmail}, {@code BillingStreet}, {@code
 * phone_number}); any other text is scanned for e-mail addresses and phone numbers. Keys, SKUs,
 * quantities and codes stay readable, because those are what operators need.
 */
public final class PiiMasker {

  public static final String MASK = "***";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Normalized (lower case, no '_' or '-') field names that always hold personal data. */
  private static final Set<String> PII_NAMES =
      Set.of(
          "name",
          "fullname",
          "firstname",
          "lastname",
          "middlename",
          "givenname",
          "familyname",
          "surname",
          "contactname",
          "customername",
          "personname",
          "businesspartnerfullname",
          "organizationbpname1",
          "email",
          "emailaddress",
          "phone",
          "phonenumber",
          "mobile",
          "mobilephone",
          "homephone",
          "fax",
          "street",
          "streetname",
          "streetaddress",
          "housenumber",
          "addressline1",
          "addressline2",
          "addressline3",
          "line1",
          "line2",
          "line3");

  /** Suffixes that mark personal data whatever the prefix (BillingStreet, requester_email...). */
  private static final List<String> PII_SUFFIXES =
      List.of("email", "phone", "street", "firstname", "lastname", "fullname", "mobilephone");

  /** Whole objects whose every text leaf is personal (a postal address, a contact person). */
  private static final Set<String> PII_CONTAINERS =
      Set.of("address", "addresses", "shippingaddress", "billingaddress", "contact", "requester");

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");
  // international (+49 30 1234567) or North American ((555) 123-4567) numbers; plain digit runs
  // such as order numbers and ISO dates are left alone on purpose
  private static final Pattern PHONE =
      Pattern.compile(
          "(?<![\\w+])\\+\\d[\\d ().-]{6,}\\d|(?<!\\w)\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}(?!\\d)");

  // an e-mail in a URL query or form body (jane%40example.com)
  private static final Pattern ENCODED_EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+%40([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");

  // a JSON string member, also when the JSON is itself quoted inside a string (\"Name\":\"x\")
  private static final Pattern JSON_MEMBER =
      Pattern.compile(
          "(\\\\?\"([A-Za-z][A-Za-z0-9_-]{0,60})\\\\?\"\\s*:\\s*\\\\?\")((?:[^\"\\\\]|\\\\[^\"])*)(\\\\?\")");

  // key=value as Map#toString, query strings and SOQL print them (LastName=Doe, Email = 'x')
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]{0,60})(\\s*=\\s*)('[^']*'|[^,;&}\\]\\s'][^,;&}\\]]*)");

  private static final String STREET_KIND =
      "(?:Street|St\\.?|Avenue|Ave\\.?|Road|Rd\\.?|Lane|Ln\\.?|Way|Boulevard|Blvd\\.?|Drive|Dr\\.?"
          + "|Court|Ct\\.?|Place|Pl\\.?|Square|Sq\\.?|Terrace|Close|Crescent|Parkway|Highway"
          + "|Stra(?:ss|\u00df)e|Gasse|Allee|Platz|Weg|Straat|Laan|Gracht|Plein|Kade|Rue|Via|Calle)";

  // "417 Quill Lane", "Harbour Way 12", "Keizersgracht 123a": a house number next to a street word
  private static final Pattern STREET =
      Pattern.compile(
          "\\b\\d{1,5}[a-zA-Z]?,?\\s+(?:[\\p{L}'.-]+\\s+){0,3}"
              + STREET_KIND
              + "\\b|\\b(?:[\\p{L}'.-]+\\s+){0,3}"
              + STREET_KIND
              + "\\s+\\d{1,5}[a-zA-Z]?\\b|\\b\\p{L}+(?:stra(?:ss|\u00df)e|gasse|allee|weg|straat|laan|gracht"
              + "|plein|kade)\\s+\\d{1,5}[a-z]?\\b");

  private PiiMasker() {}

  /**
   * Masks one log message, whatever produced it: e-mails (also URL-encoded), phone numbers, street
   * addresses next to a house number, and the values of personal fields wherever a JSON member,
   * {@code key=value} pair or SOQL condition names them. Free text that names a person without a
   * field name cannot be recognised; that is why the hub logs no bodies in the first place.
   */
  public static String maskLogText(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = replaceAll(JSON_MEMBER, text, PiiMasker::maskJsonMember);
    masked = replaceAll(KEY_VALUE, masked, PiiMasker::maskKeyValue);
    masked = replaceAll(ENCODED_EMAIL, masked, email -> MASK + "%40" + email.group(1));
    masked = STREET.matcher(masked).replaceAll(MASK);
    return maskText(masked);
  }

  private static String maskJsonMember(Matcher member) {
    return isPiiField(normalize(member.group(2))) && !member.group(3).isEmpty()
        ? member.group(1) + MASK + member.group(4)
        : member.group();
  }

  private static String maskKeyValue(Matcher pair) {
    if (!isPiiField(normalize(pair.group(1)))) {
      return pair.group();
    }
    String value = pair.group(3);
    return pair.group(1) + pair.group(2) + (value.startsWith("'") ? "'" + MASK + "'" : MASK);
  }

  private static String replaceAll(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Masks a body: as JSON when it parses as an object or array, else as free text. */
  public static String maskBody(String body) {
    if (body == null || body.isBlank()) {
      return body;
    }
    String trimmed = body.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        JsonNode tree = JSON.readTree(trimmed);
        return JSON.writeValueAsString(maskNode(tree, false));
      } catch (JsonProcessingException notJson) {
        // fall through: treat as text
      }
    }
    return maskText(body);
  }

  /** Masks a JSON tree in place and returns it. */
  public static JsonNode maskNode(JsonNode node, boolean insidePii) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String key = normalize(field.getKey());
        JsonNode value = field.getValue();
        boolean container = PII_CONTAINERS.contains(key);
        if (value.isTextual() && (insidePii || isPiiField(key))) {
          field.setValue(TextNode.valueOf(maskValue(value.asText())));
        } else {
          field.setValue(
              maskNode(value, insidePii || container || (isPiiField(key) && !value.isValueNode())));
        }
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        array.set(
            i,
            element.isTextual() && insidePii
                ? TextNode.valueOf(maskValue(element.asText()))
                : maskNode(element, insidePii));
      }
      return array;
    }
    if (node != null && node.isTextual()) {
      return TextNode.valueOf(maskText(node.asText()));
    }
    return node;
  }

  /** Masks a header or field value by its name, then its content. */
  public static String maskNamed(String name, String value) {
    if (value == null) {
      return null;
    }
    return isPiiField(normalize(name)) ? maskValue(value) : maskText(value);
  }

  /** Replaces e-mail addresses (keeping the domain, useful for triage) and phone numbers. */
  public static String maskText(String text) {
    if (text == null) {
      return null;
    }
    Matcher email = EMAIL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (email.find()) {
      email.appendReplacement(out, Matcher.quoteReplacement(MASK + "@" + email.group(1)));
    }
    email.appendTail(out);
    return PHONE.matcher(out.toString()).replaceAll(MASK);
  }

  static boolean isPiiField(String normalizedName) {
    if (PII_NAMES.contains(normalizedName)) {
      return true;
    }
    return PII_SUFFIXES.stream().anyMatch(normalizedName::endsWith);
  }

  private static String maskValue(String value) {
    if (value.isEmpty()) {
      return value;
    }
    Matcher email = EMAIL.matcher(value);
    if (email.matches()) {
      return MASK + "@" + email.group(1);
    }
    return MASK;
  }

  // ---------------------------------------------------------------- operator lists (partial mask)
  // The customer conflict and review lists show a hint of the value (its first character, an
  // e-mail's first character and domain) so an operator can tell two entries apart. These are the
  // rules io.retailhub.customer.PiiMask applies; it can delegate here.

  /** {@code jane@example.com} -> {@code j***@example.com}; not an e-mail: {@link #initialOnly}. */
  public static String emailInitialOnly(String email) {
    if (email == null) {
      return null;
    }
    int at = email.indexOf('@');
    return at <= 0 ? initialOnly(email) : email.charAt(0) + MASK + email.substring(at);
  }

  /** {@code Doe} -> {@code D***}; empty stays empty. */
  public static String initialOnly(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return value.charAt(0) + MASK;
  }

  /**
   * A copy of {@code value} with every text partially masked (e-mails by {@link #emailInitialOnly},
   * other text by {@link #initialOnly}), objects field by field; numbers and booleans are kept.
   */
  public static JsonNode initialsOnly(JsonNode value) {
    if (value == null || value.isNull()) {
      return value;
    }
    if (value.isObject()) {
      ObjectNode masked = JSON.createObjectNode();
      value.fields().forEachRemaining(f -> masked.set(f.getKey(), initialsOnly(f.getValue())));
      return masked;
    }
    if (value.isTextual()) {
      String text = value.asText();
      return TextNode.valueOf(text.contains("@") ? emailInitialOnly(text) : initialOnly(text));
    }
    return value;
  }

  /** Lower case without separators and without a Salesforce custom-field suffix. */
  static String normalize(String fieldName) {
    String lower = fieldName.toLowerCase(Locale.ROOT);
    if (lower.endsWith("__c")) {
      lower = lower.substring(0, lower.length() - 3);
    }
    return lower.replace("_", "").replace("-", "");
  }
}
