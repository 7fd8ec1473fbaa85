package io.retailhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The merged customer: attribute values (JSON) and, per attribute, the write that produced it. */
public record GoldenCustomer(
    String goldenId, Map<String, JsonNode> attributes, Map<String, AttributeVersion> versions) {
  public GoldenCustomer {
    attributes = Map.copyOf(attributes);
    versions = Map.copyOf(versions);
  }

  public static GoldenCustomer empty(String goldenId) {
    return new GoldenCustomer(goldenId, Map.of(), Map.of());
  }
}
