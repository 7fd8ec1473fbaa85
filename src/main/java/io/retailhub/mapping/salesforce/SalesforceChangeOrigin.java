package io.retailhub.mapping.salesforce;

/**
 * {@code ChangeEventHeader.changeOrigin}: the API that made a change and, when the caller sent
 * {@code Sforce-Call-Options: client=<name>}, that client name, e.g. {@code
 * com/salesforce/api/rest/62.0;client=retail-hub}. The hub sends its client name on every write, so
 * a real org tells the hub's own changes apart from a user's.
 */
public final class SalesforceChangeOrigin {
  /** The client name the hub sends in {@code Sforce-Call-Options}. */
  public static final String HUB_CLIENT = "retail-hub";

  /** The header value that makes Salesforce name the hub in changeOrigin. */
  public static final String HUB_CALL_OPTIONS = "client=" + HUB_CLIENT;

  private SalesforceChangeOrigin() {}

  /** True when the change was made by a caller that named itself {@code client}. */
  public static boolean isClient(String changeOrigin, String client) {
    if (changeOrigin == null || client == null || client.isBlank()) {
      return false;
    }
    int semicolon = changeOrigin.indexOf(';');
    if (semicolon < 0) {
      return false;
    }
    for (String option : changeOrigin.substring(semicolon + 1).split(";")) {
      String trimmed = option.trim();
      if (trimmed.equals("client=" + client)) {
        return true;
      }
    }
    return false;
  }
}
