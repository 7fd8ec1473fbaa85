package io.retailhub.sandbox.salesforce;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOQL subset the simulator understands: a tokenizer, a recursive-descent parser producing a
 * small AST, and the predicate/ordering semantics. Resolving field paths against records is left to
 * the caller ({@link SoqlExecutor}), so this class knows nothing about storage.
 *
 * <pre>
 * query     := SELECT (COUNT '(' ')' | path (',' path)*) FROM ident
 *              [WHERE or] [ORDER BY order (',' order)*] [LIMIT int] [OFFSET int]
 * or        := and (OR and)*
 * and       := not (AND not)*
 * not       := NOT not | '(' or ')' | predicate
 * predicate := path (op value | [NOT] IN '(' value (',' value)* ')' | LIKE string)
 * order     := path [ASC|DESC] [NULLS (FIRST|LAST)]
 * </pre>
 */
public final class Soql {

  private Soql() {}

  /** A parsed query. */
  public record Query(
      String objectName,
      List<String> fields,
      boolean count,
      Expr where,
      List<OrderBy> orderBy,
      Integer limit,
      Integer offset) {}

  public record OrderBy(String path, boolean descending, boolean nullsFirst) {}

  /** A WHERE expression node. */
  public sealed interface Expr permits And, Or, Not, Comparison, In, Like {}

  public record And(Expr left, Expr right) implements Expr {}

  public record Or(Expr left, Expr right) implements Expr {}

  public record Not(Expr inner) implements Expr {}

  public record Comparison(String path, String operator, Literal value) implements Expr {}

  public record In(String path, List<Literal> values, boolean negated) implements Expr {}

  public record Like(String path, String pattern) implements Expr {}

  /** A literal on the right-hand side of a predicate. */
  public sealed interface Literal permits Text, Num, Bool, Null, DateTimeValue, DateRange {}

  public record Text(String value) implements Literal {}

  public record Num(BigDecimal value) implements Literal {}

  public record Bool(boolean value) implements Literal {}

  public record Null() implements Literal {}

  public record DateTimeValue(Instant value) implements Literal {}

  /** A date literal or date constant: the half-open range [start, end). */
  public record DateRange(Instant start, Instant end) implements Literal {}

  /** A query the parser rejects; answered as {@code MALFORMED_QUERY}. */
  public static final class SyntaxError extends RuntimeException {
    public SyntaxError(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- tokenizer

  enum Kind {
    WORD,
    STRING,
    NUMBER,
    DATE,
    DATETIME,
    SYMBOL,
    END
  }

  record Token(Kind kind, String text, int position) {}

  private static final Pattern DATETIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:?\\d{2})");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*(:\\d+)?");

  static List<Token> tokenize(String soql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < soql.length()) {
      char c = soql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '\'') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= soql.length()) {
            throw new SyntaxError("unterminated string literal at " + i);
          }
          char d = soql.charAt(j);
          if (d == '\\' && j + 1 < soql.length()) {
            char escaped = soql.charAt(j + 1);
            text.append(
                switch (escaped) {
                  case 'n' -> '\n';
                  case 't' -> '\t';
                  case 'r' -> '\r';
                  default -> escaped;
                });
            j += 2;
          } else if (d == '\'') {
            break;
          } else {
            text.append(d);
            j++;
          }
        }
        tokens.add(new Token(Kind.STRING, text.toString(), i));
        i = j + 1;
        continue;
      }
      Matcher matcher;
      if ((matcher = DATETIME.matcher(soql).region(i, soql.length())).lookingAt()) {
        tokens.add(new Token(Kind.DATETIME, matcher.group(), i));
      } else if ((matcher = DATE.matcher(soql).region(i, soql.length())).lookingAt()
          && !followedByWordChar(soql, matcher.end())) {
        tokens.add(new Token(Kind.DATE, matcher.group(), i));
      } else if ((matcher = NUMBER.matcher(soql).region(i, soql.length())).lookingAt()) {
        tokens.add(new Token(Kind.NUMBER, matcher.group(), i));
      } else if ((matcher = WORD.matcher(soql).region(i, soql.length())).lookingAt()) {
        tokens.add(new Token(Kind.WORD, matcher.group(), i));
      } else {
        String two = i + 1 < soql.length() ? soql.substring(i, i + 2) : "";
        String symbol = Set.of("!=", "<>", "<=", ">=").contains(two) ? two : String.valueOf(c);
        if (!Set.of("!=", "<>", "<=", ">=", "=", "<", ">", "(", ")", ",").contains(symbol)) {
          throw new SyntaxError("unexpected character '" + c + "' at " + i);
        }
        tokens.add(new Token(Kind.SYMBOL, symbol, i));
        i += symbol.length();
        continue;
      }
      i = matcher.end();
    }
    tokens.add(new Token(Kind.END, "", soql.length()));
    return tokens;
  }

  private static boolean followedByWordChar(String text, int index) {
    return index < text.length() && Character.isLetterOrDigit(text.charAt(index));
  }

  // ---------------------------------------------------------------- parser

  /** Parses a query; {@code clock} fixes what TODAY and LAST_N_DAYS mean. */
  public static Query parse(String soql, Clock clock) {
    return new Parser(tokenize(soql), clock).query();
  }

  private static final class Parser {
    private final List<Token> tokens;
    private final Clock clock;
    private int position;

    Parser(List<Token> tokens, Clock clock) {
      this.tokens = tokens;
      this.clock = clock;
    }

    Query query() {
      expectKeyword("SELECT");
      List<String> fields = new ArrayList<>();
      boolean count = false;
      if (peekKeyword("COUNT") && tokens.get(position + 1).text().equals("(")) {
        position++;
        expectSymbol("(");
        expectSymbol(")");
        count = true;
      } else {
        fields.add(word("a field name"));
        while (acceptSymbol(",")) {
          fields.add(word("a field name"));
        }
      }
      expectKeyword("FROM");
      String object = word("an sObject name");
      Expr where = null;
      if (acceptKeyword("WHERE")) {
        where = or();
      }
      List<OrderBy> orderBy = new ArrayList<>();
      if (acceptKeyword("ORDER")) {
        expectKeyword("BY");
        do {
          String path = word("a field name");
          boolean descending = false;
          if (acceptKeyword("DESC")) {
            descending = true;
          } else {
            acceptKeyword("ASC");
          }
          boolean nullsFirst = !descending;
          if (acceptKeyword("NULLS")) {
            if (acceptKeyword("FIRST")) {
              nullsFirst = true;
            } else {
              expectKeyword("LAST");
              nullsFirst = false;
            }
          }
          orderBy.add(new OrderBy(path, descending, nullsFirst));
        } while (acceptSymbol(","));
      }
      Integer limit = acceptKeyword("LIMIT") ? integer() : null;
      Integer offset = acceptKeyword("OFFSET") ? integer() : null;
      Token end = tokens.get(position);
      if (end.kind() != Kind.END) {
        throw new SyntaxError("unexpected token '" + end.text() + "' at " + end.position());
      }
      return new Query(
          object, List.copyOf(fields), count, where, List.copyOf(orderBy), limit, offset);
    }

    private Expr or() {
      Expr left = and();
      while (acceptKeyword("OR")) {
        left = new Or(left, and());
      }
      return left;
    }

    private Expr and() {
      Expr left = not();
      while (acceptKeyword("AND")) {
        left = new And(left, not());
      }
      return left;
    }

    private Expr not() {
      if (acceptKeyword("NOT")) {
        return new Not(not());
      }
      if (acceptSymbol("(")) {
        Expr inner = or();
        expectSymbol(")");
        return inner;
      }
      return predicate();
    }

    private Expr predicate() {
      String path = word("a field name");
      if (acceptKeyword("LIKE")) {
        Token pattern = next();
        if (pattern.kind() != Kind.STRING) {
          throw new SyntaxError("LIKE needs a string literal at " + pattern.position());
        }
        return new Like(path, pattern.text());
      }
      boolean negated = acceptKeyword("NOT");
      if (acceptKeyword("IN")) {
        expectSymbol("(");
        List<Literal> values = new ArrayList<>();
        do {
          values.add(literal());
        } while (acceptSymbol(","));
        expectSymbol(")");
        return new In(path, List.copyOf(values), negated);
      }
      if (negated) {
        throw new SyntaxError("expected IN after NOT at " + tokens.get(position).position());
      }
      Token operator = next();
      if (operator.kind() != Kind.SYMBOL
          || !Set.of("=", "!=", "<>", "<", ">", "<=", ">=").contains(operator.text())) {
        throw new SyntaxError(
            "expected a comparison operator at "
                + operator.position()
                + " but got '"
                + operator.text()
                + "'");
      }
      String op = operator.text().equals("<>") ? "!=" : operator.text();
      return new Comparison(path, op, literal());
    }

    private Literal literal() {
      Token token = next();
      return switch (token.kind()) {
        case STRING -> new Text(token.text());
        case NUMBER -> new Num(new BigDecimal(token.text()));
        case DATETIME -> {
          try {
            yield new DateTimeValue(RecordStore.parseDateTime(token.text()));
          } catch (DateTimeParseException e) {
            throw new SyntaxError("invalid datetime literal " + token.text());
          }
        }
        case DATE -> {
          Instant start = LocalDate.parse(token.text()).atStartOfDay(ZoneOffset.UTC).toInstant();
          yield new DateRange(start, start.plusSeconds(86_400));
        }
        case WORD -> wordLiteral(token);
        default -> throw new SyntaxError("expected a value at " + token.position());
      };
    }

    private Literal wordLiteral(Token token) {
      String upper = token.text().toUpperCase(Locale.ROOT);
      LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
      Instant todayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant();
      long day = 86_400;
      switch (upper) {
        case "TRUE":
          return new Bool(true);
        case "FALSE":
          return new Bool(false);
        case "NULL":
          return new Null();
        case "TODAY":
          return new DateRange(todayStart, todayStart.plusSeconds(day));
        case "YESTERDAY":
          return new DateRange(todayStart.minusSeconds(day), todayStart);
        case "TOMORROW":
          return new DateRange(todayStart.plusSeconds(day), todayStart.plusSeconds(2 * day));
        default:
          break;
      }
      int colon = upper.indexOf(':');
      if (colon > 0) {
        long n = Long.parseLong(upper.substring(colon + 1));
        switch (upper.substring(0, colon)) {
          case "LAST_N_DAYS":
            return new DateRange(todayStart.minusSeconds(n * day), todayStart.plusSeconds(day));
          case "NEXT_N_DAYS":
            return new DateRange(
                todayStart.plusSeconds(day), todayStart.plusSeconds((n + 1) * day));
          default:
            break;
        }
      }
      throw new SyntaxError("unsupported literal " + token.text() + " at " + token.position());
    }

    private int integer() {
      Token token = next();
      if (token.kind() != Kind.NUMBER
          || token.text().contains(".")
          || token.text().startsWith("-")) {
        throw new SyntaxError("expected a non-negative integer at " + token.position());
      }
      return Integer.parseInt(token.text());
    }

    private String word(String what) {
      Token token = next();
      if (token.kind() != Kind.WORD) {
        throw new SyntaxError(
            "expected " + what + " at " + token.position() + " but got '" + token.text() + "'");
      }
      return token.text();
    }

    private Token next() {
      Token token = tokens.get(position);
      if (token.kind() != Kind.END) {
        position++;
      }
      return token;
    }

    private boolean peekKeyword(String keyword) {
      Token token = tokens.get(position);
      return token.kind() == Kind.WORD && token.text().equalsIgnoreCase(keyword);
    }

    private boolean acceptKeyword(String keyword) {
      if (peekKeyword(keyword)) {
        position++;
        return true;
      }
      return false;
    }

    private void expectKeyword(String keyword) {
      if (!acceptKeyword(keyword)) {
        Token token = tokens.get(position);
        throw new SyntaxError(
            "expected " + keyword + " at " + token.position() + " but got '" + token.text() + "'");
      }
    }

    private boolean acceptSymbol(String symbol) {
      Token token = tokens.get(position);
      if (token.kind() == Kind.SYMBOL && token.text().equals(symbol)) {
        position++;
        return true;
      }
      return false;
    }

    private void expectSymbol(String symbol) {
      if (!acceptSymbol(symbol)) {
        Token token = tokens.get(position);
        throw new SyntaxError(
            "expected '" + symbol + "' at " + token.position() + " but got '" + token.text() + "'");
      }
    }
  }

  // ---------------------------------------------------------------- evaluation

  /** Evaluates a WHERE expression; {@code valueOf} resolves a field path on the current record. */
  public static boolean matches(Expr expr, Function<String, Object> valueOf) {
    if (expr instanceof And and) {
      return matches(and.left(), valueOf) && matches(and.right(), valueOf);
    }
    if (expr instanceof Or or) {
      return matches(or.left(), valueOf) || matches(or.right(), valueOf);
    }
    if (expr instanceof Not not) {
      return !matches(not.inner(), valueOf);
    }
    if (expr instanceof Comparison comparison) {
      return compare(valueOf.apply(comparison.path()), comparison.operator(), comparison.value());
    }
    if (expr instanceof In in) {
      Object value = valueOf.apply(in.path());
      boolean found = in.values().stream().anyMatch(literal -> compare(value, "=", literal));
      return in.negated() ? !found && value != null : found;
    }
    Like like = (Like) expr;
    Object value = valueOf.apply(like.path());
    return value != null && likeRegex(like.pattern()).matcher(value.toString()).matches();
  }

  static Pattern likeRegex(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '%' -> regex.append(".*");
        case '_' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  static boolean compare(Object value, String operator, Literal literal) {
    if (literal instanceof Null) {
      return switch (operator) {
        case "=" -> value == null;
        case "!=" -> value != null;
        default -> false;
      };
    }
    if (value == null) {
      return operator.equals("!=");
    }
    if (literal instanceof DateRange range) {
      Instant instant = toInstant(value);
      if (instant == null) {
        return false;
      }
      return switch (operator) {
        case "=" -> !instant.isBefore(range.start()) && instant.isBefore(range.end());
        case "!=" -> instant.isBefore(range.start()) || !instant.isBefore(range.end());
        case "<" -> instant.isBefore(range.start());
        case "<=" -> instant.isBefore(range.end());
        case ">" -> !instant.isBefore(range.end());
        case ">=" -> !instant.isBefore(range.start());
        default -> false;
      };
    }
    int order;
    if (literal instanceof DateTimeValue dateTime) {
      Instant instant = toInstant(value);
      if (instant == null) {
        return false;
      }
      order = instant.compareTo(dateTime.value());
    } else if (literal instanceof Num number) {
      BigDecimal decimal;
      try {
        decimal = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
      } catch (NumberFormatException e) {
        return false;
      }
      order = decimal.compareTo(number.value());
    } else if (literal instanceof Bool bool) {
      order = Boolean.valueOf(value.toString()).equals(bool.value()) ? 0 : 1;
      if (!operator.equals("=") && !operator.equals("!=")) {
        return false;
      }
    } else {
      // SOQL string comparison is case-insensitive
      order =
          value
              .toString()
              .toLowerCase(Locale.ROOT)
              .compareTo(((Text) literal).value().toLowerCase(Locale.ROOT));
    }
    return switch (operator) {
      case "=" -> order == 0;
      case "!=" -> order != 0;
      case "<" -> order < 0;
      case "<=" -> order <= 0;
      case ">" -> order > 0;
      case ">=" -> order >= 0;
      default -> false;
    };
  }

  /** A datetime or date field value as an instant (dates at 00:00 UTC), or null if neither. */
  static Instant toInstant(Object value) {
    String text = value.toString();
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return RecordStore.parseDateTime(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Orders two field values the way ORDER BY does (nulls handled by the caller). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareValues(Object left, Object right) {
    if (left instanceof BigDecimal a && right instanceof BigDecimal b) {
      return a.compareTo(b);
    }
    if (left instanceof Boolean a && right instanceof Boolean b) {
      return a.compareTo(b);
    }
    if (left instanceof Comparable a
        && left.getClass() == right.getClass()
        && !(left instanceof String)) {
      return a.compareTo(right);
    }
    return left.toString().compareToIgnoreCase(right.toString());
  }
}
