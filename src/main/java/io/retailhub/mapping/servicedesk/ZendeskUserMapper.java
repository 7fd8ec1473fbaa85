package io.retailhub.mapping.servicedesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Customer;
import io.retailhub.model.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Customers to and from Zendesk end users ({@code external_id} = golden ID, loyalty ID in the user
 * field {@code loyalty_id}) and organizations ({@code external_id} = golden ID of the household).
 * Zendesk keeps one name string; it is split at the last space, which is lossy for some names, so
 * Zendesk is never the master of names.
 */
public final class ZendeskUserMapper {
  private ZendeskUserMapper() {}

  public static Customer fromUser(JsonNode response) {
    JsonNode user = response != null && response.has("user") ? response.get("user") : response;
    MappingContext context = MappingContext.of("servicedesk:user");
    PayloadNode node = context.root(user);
    Long id = node.requiredLong("id");
    String goldenId = node.requiredText("external_id");
    String name = node.requiredText("name");
    String role = node.optionalText("role");
    if (role != null && !"end-user".equals(role)) {
      node.violation("role", "must be 'end-user' for a customer, was '" + role + "'");
    }
    String email = node.optionalText("email");
    String phone = node.optionalText("phone");
    Instant updatedAt = node.optionalInstant("updated_at");
    String loyaltyId =
        node.optionalObject("user_fields")
            .map(fields -> fields.optionalText("loyalty_id"))
            .orElse(null);
    String firstName = null;
    String lastName = name;
    if (name != null && name.trim().contains(" ")) {
      int split = name.trim().lastIndexOf(' ');
      firstName = name.trim().substring(0, split);
      lastName = name.trim().substring(split + 1);
    }
    String first = firstName;
    String last = lastName;
    return context.build(
        () ->
            new Customer(
                goldenId,
                first,
                last,
                email,
                phone,
                List.of(),
                loyaltyId,
                null,
                Map.of(Platform.SERVICEDESK, String.valueOf(id)),
                updatedAt));
  }

  /** The body of {@code POST /api/v2/users/create_or_update}, matched on {@code external_id}. */
  public static ObjectNode toUserCreateOrUpdate(Customer customer) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    ObjectNode user = body.putObject("user");
    user.put(
        "name",
        customer.firstName() == null
            ? customer.lastName()
            : customer.firstName() + " " + customer.lastName());
    user.put("external_id", customer.goldenId());
    user.put("role", "end-user");
    if (customer.email() != null) {
      user.put("email", customer.email());
    }
    if (customer.phone() != null) {
      user.put("phone", customer.phone());
    }
    if (customer.loyaltyId() != null) {
      user.putObject("user_fields").put("loyalty_id", customer.loyaltyId());
    }
    return body;
  }

  /** The body of {@code POST /api/v2/organizations/create_or_update} for a customer's household. */
  public static ObjectNode toOrganizationCreateOrUpdate(Customer customer) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    ObjectNode organization = body.putObject("organization");
    organization.put("name", customer.lastName() + " household (" + customer.goldenId() + ")");
    organization.put("external_id", customer.goldenId());
    return body;
  }

  /** The golden ID an organization stands for ({@code external_id}). */
  public static String goldenIdOfOrganization(JsonNode response) {
    JsonNode organization =
        response != null && response.has("organization") ? response.get("organization") : response;
    MappingContext context = MappingContext.of("servicedesk:organization");
    PayloadNode node = context.root(organization);
    node.requiredLong("id");
    String goldenId = node.requiredText("external_id");
    return context.build(() -> goldenId);
  }
}
