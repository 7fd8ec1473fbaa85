package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One person, known to every platform under the same golden ID. {@code marketingConsent} is null
 * when the source does not know it (the ERP does not), which is different from a refusal.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Customer(
    String goldenId,
    String firstName,
    String lastName,
    String email,
    String phone,
    List<Address> addresses,
    String loyaltyId,
    Boolean marketingConsent,
    Map<Platform, String> platformIds,
    Instant updatedAt) {
  public Customer {
    Violations.of(Customer.class)
        .notBlank("goldenId", goldenId)
        .notBlank("lastName", lastName)
        .email("email", email)
        .nested("addresses", addresses)
        .noNullKeysOrValues("platformIds", platformIds)
        .throwIfAny();
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    platformIds = platformIds == null ? Map.of() : Map.copyOf(platformIds);
  }

  public String platformId(Platform platform) {
    return platformIds.get(platform);
  }
}
