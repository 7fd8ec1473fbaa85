package io.retailhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SOQL tokenizer, parser and predicate semantics on their own. */
class SoqlTest {

  private static final Clock NOON =
      Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void parsesEveryClause() {
    Soql.Query query =
        Soql.parse(
            "select Id, Account.Name from Contact where (Email = 'a@b.c' or Phone != null) and not"
                + " MailingCity in ('Berlin', 'Hamburg') order by LastName desc nulls first, FirstName"
                + " limit 10 offset 5",
            NOON);

    assertThat(query.objectName()).isEqualTo("Contact");
    assertThat(query.fields()).containsExactly("Id", "Account.Name");
    assertThat(query.where()).isInstanceOf(Soql.And.class);
    assertThat(query.orderBy())
        .containsExactly(
            new Soql.OrderBy("LastName", true, true), new Soql.OrderBy("FirstName", false, true));
    assertThat(query.limit()).isEqualTo(10);
    assertThat(query.offset()).isEqualTo(5);
    assertThat(Soql.parse("SELECT COUNT() FROM Account", NOON).count()).isTrue();
  }

  @Test
  void andBindsTighterThanOr() {
    Soql.Query query = Soql.parse("SELECT Id FROM Account WHERE A = 1 OR B = 2 AND C = 3", NOON);

    Map<String, Object> onlyA = values("A", "1", "B", "0", "C", "0");
    Map<String, Object> onlyB = values("A", "0", "B", "2", "C", "0");
    assertThat(Soql.matches(query.where(), onlyA::get)).isTrue();
    assertThat(Soql.matches(query.where(), onlyB::get)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    // field value,                operator, literal,         expected
    "2026-11-29T00:00:00.000+0000, =,  TODAY,          true",
    "2026-11-28T23:59:59.000+0000, =,  TODAY,          false",
    "2026-11-28T23:59:59.000+0000, =,  YESTERDAY,      true",
    "2026-11-26T00:00:00.000+0000, =,  LAST_N_DAYS:3,  true",
    "2026-11-25T23:59:59.000+0000, =,  LAST_N_DAYS:3,  false",
    "2026-11-30T00:00:00.000+0000, >,  TODAY,          true",
    "2026-11-29T23:00:00.000+0000, >,  TODAY,          false",
    "2026-11-29T23:00:00.000+0000, <=, TODAY,          true",
    "2026-11-28T23:00:00.000+0000, <,  TODAY,          true",
    "2026-11-29T12:00:01.000+0000, >,  2026-11-29T12:00:00Z, true",
    "2026-11-29T12:00:00.000+0000, >=, 2026-11-29T12:00:00.000+00:00, true",
    "2026-11-29,                   =,  2026-11-29,     true",
    "2026-11-29,                   <,  TOMORROW,       true",
  })
  void dateLiteralsCoverWholeDaysInUtc(
      String value, String operator, String literal, boolean expected) {
    Soql.Query query =
        Soql.parse("SELECT Id FROM Account WHERE CreatedDate " + operator + " " + literal, NOON);

    assertThat(Soql.matches(query.where(), path -> value)).isEqualTo(expected);
  }

  @Test
  void stringComparisonAndLikeIgnoreCaseAndNumbersCompareNumerically() {
    assertThat(Soql.compare("Berlin", "=", new Soql.Text("BERLIN"))).isTrue();
    assertThat(Soql.likeRegex("%ber_in").matcher("Store BERLIN").matches()).isTrue();
    assertThat(Soql.likeRegex("a.b%").matcher("axb").matches()).as("dots are literal").isFalse();
    assertThat(Soql.compare(new BigDecimal("10"), ">", new Soql.Num(new BigDecimal("9.5"))))
        .isTrue();
    assertThat(Soql.compare(null, "!=", new Soql.Null())).isFalse();
    assertThat(Soql.compare(null, ">", new Soql.Num(BigDecimal.ONE))).isFalse();
    Soql.Query escaped = Soql.parse("SELECT Id FROM Account WHERE Name = 'O\\'Brien'", NOON);
    assertThat(((Soql.Comparison) escaped.where()).value()).isEqualTo(new Soql.Text("O'Brien"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT FROM Account",
        "SELECT Id Account",
        "SELECT Id FROM Account WHERE Name = 'open",
        "SELECT Id FROM Account WHERE Name",
        "SELECT Id FROM Account WHERE Name = SOMEDAY",
        "SELECT Id FROM Account LIMIT -1",
        "SELECT Id FROM Account ORDER BY Name sideways",
        "SELECT Id FROM Account WHERE Name ~ 'x'",
      })
  void rejectsMalformedQueries(String soql) {
    assertThatThrownBy(() -> Soql.parse(soql, NOON)).isInstanceOf(Soql.SyntaxError.class);
  }

  private static Map<String, Object> values(String... pairs) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], new BigDecimal(pairs[i + 1]));
    }
    return values;
  }
}
