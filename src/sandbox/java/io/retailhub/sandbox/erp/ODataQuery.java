package io.retailhub.sandbox.erp;

import io.retailhub.sandbox.support.SimulatorServer.HttpProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The OData v2 system query options the ERP simulator understands: {@code $filter} (eq, ne, gt, ge,
 * lt, le joined by and/or, with parentheses), {@code $top}, {@code $skip}, {@code $skiptoken},
 * {@code $inlinecount=allpages}, {@code $select} and {@code $format=json}. Anything else in a
 * system option is refused with 400, as SAP Gateway refuses what it cannot parse.
 */
final class ODataQuery {

  private ODataQuery() {}

  /** Builds the {@code {"d":{"results":[...]}}} envelope of one page of a collection. */
  static Map<String, Object> collection(
      List<Map<String, Object>> entities,
      Map<String, String> query,
      String collectionUrl,
      int serverPageSize) {
    String format = query.get("$format");
    if (format != null && !format.equalsIgnoreCase("json")) {
      throw ErpErrors.problem(415, "/IWFND/CM_MGW/000", "Only $format=json is simulated");
    }
    Predicate<Map<String, Object>> filter = filter(query.get("$filter"));
    List<Map<String, Object>> matching = entities.stream().filter(filter).toList();
    int skip = nonNegative(query, "$skip") + nonNegative(query, "$skiptoken");
    Integer top = query.containsKey("$top") ? nonNegative(query, "$top") : null;
    int from = Math.min(skip, matching.size());
    int limit = top == null ? serverPageSize : Math.min(top, serverPageSize);
    int to = Math.min(matching.size(), from + limit);
    List<Map<String, Object>> page = new ArrayList<>();
    for (Map<String, Object> entity : matching.subList(from, to)) {
      page.add(select(entity, query.get("$select")));
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("results", page);
    if ("allpages".equals(query.get("$inlinecount"))) {
      d.put("__count", String.valueOf(matching.size()));
    }
    boolean serverCutShort = to < matching.size() && (top == null || top > serverPageSize);
    if (serverCutShort) {
      d.put("__next", collectionUrl + "?$skiptoken=" + to + passThrough(query));
    }
    return Map.of("d", d);
  }

  private static String passThrough(Map<String, String> query) {
    StringBuilder rest = new StringBuilder();
    for (String option : List.of("$filter", "$inlinecount", "$select", "$format")) {
      if (query.containsKey(option)) {
        rest.append('&')
            .append(option)
            .append('=')
            .append(
                java.net.URLEncoder.encode(
                        query.get(option), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
      }
    }
    return rest.toString();
  }

  static Map<String, Object> select(Map<String, Object> entity, String select) {
    if (select == null || select.isBlank()) {
      return entity;
    }
    Map<String, Object> projected = new LinkedHashMap<>();
    if (entity.containsKey("__metadata")) {
      projected.put("__metadata", entity.get("__metadata"));
    }
    for (String field : select.split(",")) {
      String name = field.trim();
      if (!entity.containsKey(name)) {
        throw ErpErrors.problem(400, "/IWBEP/CM_MGW_RT/022", "Property " + name + " not found");
      }
      projected.put(name, entity.get(name));
    }
    return projected;
  }

  private static int nonNegative(Map<String, String> query, String option) {
    String raw = query.get(option);
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < 0) {
        throw new NumberFormatException(raw);
      }
      return value;
    } catch (NumberFormatException e) {
      throw ErpErrors.problem(400, "/IWBEP/CM_MGW_RT/004", "Invalid " + option + " value " + raw);
    }
  }

  /** Parses a {@code $filter} expression into a predicate; a null expression matches all. */
  static Predicate<Map<String, Object>> filter(String expression) {
    if (expression == null || expression.isBlank()) {
      return entity -> true;
    }
    Parser parser = new Parser(tokenize(expression));
    Predicate<Map<String, Object>> predicate = parser.orExpression();
    if (parser.position != parser.tokens.size()) {
      throw invalidFilter(expression);
    }
    return predicate;
  }

  private static HttpProblem invalidFilter(String detail) {
    return ErpErrors.problem(400, "/IWBEP/CM_MGW_RT/021", "Invalid $filter: " + detail);
  }

  /** A token is a quoted literal (kept with its quotes), a parenthesis or a bare word. */
  private static List<String> tokenize(String expression) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        tokens.add(String.valueOf(c));
        i++;
      } else if (c == '\'') {
        StringBuilder literal = new StringBuilder("'");
        i++;
        while (true) {
          if (i >= expression.length()) {
            throw invalidFilter("unterminated string in " + expression);
          }
          char d = expression.charAt(i);
          if (d == '\'' && i + 1 < expression.length() && expression.charAt(i + 1) == '\'') {
            literal.append('\'');
            i += 2;
          } else if (d == '\'') {
            i++;
            break;
          } else {
            literal.append(d);
            i++;
          }
        }
        tokens.add(literal.toString());
      } else {
        int start = i;
        while (i < expression.length()
            && !Character.isWhitespace(expression.charAt(i))
            && "()'".indexOf(expression.charAt(i)) < 0) {
          i++;
        }
        tokens.add(expression.substring(start, i));
      }
    }
    return tokens;
  }

  private static final class Parser {
    private final List<String> tokens;
    private int position;

    Parser(List<String> tokens) {
      this.tokens = tokens;
    }

    Predicate<Map<String, Object>> orExpression() {
      Predicate<Map<String, Object>> left = andExpression();
      while (peekKeyword("or")) {
        position++;
        left = left.or(andExpression());
      }
      return left;
    }

    Predicate<Map<String, Object>> andExpression() {
      Predicate<Map<String, Object>> left = comparison();
      while (peekKeyword("and")) {
        position++;
        left = left.and(comparison());
      }
      return left;
    }

    Predicate<Map<String, Object>> comparison() {
      if ("(".equals(peek())) {
        position++;
        Predicate<Map<String, Object>> inner = orExpression();
        expect(")");
        return inner;
      }
      String property = next();
      String operator = next().toLowerCase(Locale.ROOT);
      String literal = next();
      boolean quoted = literal.startsWith("'");
      String value = quoted ? literal.substring(1) : literal;
      return entity -> {
        if (!entity.containsKey(property)) {
          throw invalidFilter("property " + property + " does not exist");
        }
        Object actual = entity.get(property);
        int compared = compare(actual == null ? "" : String.valueOf(actual), value, quoted);
        return switch (operator) {
          case "eq" -> compared == 0;
          case "ne" -> compared != 0;
          case "gt" -> compared > 0;
          case "ge" -> compared >= 0;
          case "lt" -> compared < 0;
          case "le" -> compared <= 0;
          default -> throw invalidFilter("operator " + operator);
        };
      };
    }

    private static int compare(String actual, String literal, boolean quoted) {
      if (!quoted) {
        try {
          return new BigDecimal(actual).compareTo(new BigDecimal(literal));
        } catch (NumberFormatException notNumeric) {
          return actual.compareTo(literal);
        }
      }
      return actual.compareTo(literal);
    }

    private boolean peekKeyword(String keyword) {
      String token = peek();
      return token != null && token.equalsIgnoreCase(keyword);
    }

    private String peek() {
      return position < tokens.size() ? tokens.get(position) : null;
    }

    private String next() {
      if (position >= tokens.size()) {
        throw invalidFilter("unexpected end of expression");
      }
      return tokens.get(position++);
    }

    private void expect(String token) {
      if (!token.equals(next())) {
        throw invalidFilter("expected " + token);
      }
    }
  }
}
