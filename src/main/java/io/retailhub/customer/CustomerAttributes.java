package io.retailhub.customer;

import io.retailhub.model.AddressType;
import io.retailhub.model.Customer;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The attribute names that the ownership file must govern. They come from the components of {@link
 * Customer} by reflection, so adding a component without a rule fails startup; {@code addresses}
 * becomes one attribute per {@link AddressType} because billing and shipping have different owners.
 * Attributes the canonical record does not carry yet (credit, tax, segment, tier, service notes)
 * live only in the golden record and are listed here.
 */
public final class CustomerAttributes {
  /** Identity and bookkeeping components the hub itself maintains; nobody owns them. */
  static final Set<String> HUB_MANAGED = Set.of("goldenId", "platformIds", "updatedAt");

  public static final String ADDRESSES = "addresses";

  /** Golden-record attributes outside {@link Customer}. */
  public static final List<String> GOLDEN_ONLY =
      List.of("taxId", "creditLimit", "paymentTerms", "segment", "loyaltyTier", "serviceNotes");

  private CustomerAttributes() {}

  public static String addressAttribute(AddressType type) {
    return type.wireCode() + "Address";
  }

  /** Every attribute a valid ownership file declares, in a stable order. */
  public static Set<String> governed() {
    return governed(Customer.class);
  }

  static Set<String> governed(Class<? extends Record> customerType) {
    Set<String> names = new LinkedHashSet<>();
    for (RecordComponent component : customerType.getRecordComponents()) {
      String name = component.getName();
      if (HUB_MANAGED.contains(name)) {
        continue;
      }
      if (ADDRESSES.equals(name)) {
        Arrays.stream(AddressType.values())
            .map(CustomerAttributes::addressAttribute)
            .forEach(names::add);
      } else {
        names.add(name);
      }
    }
    names.addAll(GOLDEN_ONLY);
    return names;
  }
}
