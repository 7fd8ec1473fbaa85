package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount of money: a decimal, never a binary floating-point number, and an ISO 4217 currency
 * code. The currency is kept as its code so that the JSON form is the code itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Money(BigDecimal amount, String currency) {
  public Money {
    Violations violations = Violations.of(Money.class);
    violations.required("amount", amount);
    if (currency == null) {
      violations.add("currency", "is required");
    } else if (!isIsoCurrency(currency)) {
      violations.add("currency", "is not an ISO 4217 currency code: " + currency);
    }
    violations.throwIfAny();
  }

  public static Money of(String amount, String currency) {
    return new Money(new BigDecimal(amount), currency);
  }

  public static boolean isIsoCurrency(String code) {
    if (code == null || !code.matches("[A-Z]{3}")) {
      return false;
    }
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException unknown) {
      return false;
    }
  }

  public Currency currencyUnit() {
    return Currency.getInstance(currency);
  }

  public Money times(long quantity) {
    return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
  }

  public boolean sameCurrencyAs(Money other) {
    return other != null && currency.equals(other.currency);
  }
}
