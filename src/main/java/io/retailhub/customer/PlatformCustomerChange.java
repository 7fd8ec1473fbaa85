package io.retailhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.Platform;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A customer change as a platform reported it, before matching: the platform's record ID, the
 * golden ID if the platform stores one (Salesforce {@code Golden_Customer_Id__c}, Zendesk {@code
 * external_id}), and the e-mail, which are the three matching keys in order.
 */
public record PlatformCustomerChange(
    Platform platform,
    String platformId,
    String externalGoldenId,
    String email,
    Instant sourceTimestamp,
    Map<String, JsonNode> attributes) {
  public PlatformCustomerChange {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(platformId, "platformId");
    Objects.requireNonNull(sourceTimestamp, "sourceTimestamp");
    attributes = Map.copyOf(attributes);
  }

  public static String normalizeEmail(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    return email.trim().toLowerCase(java.util.Locale.ROOT);
  }
}
