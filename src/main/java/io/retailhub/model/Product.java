package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A sellable item, identified everywhere by its SKU (the ERP's material number). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Product(
    String sku,
    String name,
    String description,
    String productCode,
    String unitOfMeasure,
    Boolean active,
    Map<Platform, String> platformIds) {
  public Product {
    Violations.of(Product.class)
        .notBlank("sku", sku)
        .notBlank("name", name)
        .required("active", active)
        .noNullKeysOrValues("platformIds", platformIds)
        .throwIfAny();
    platformIds = platformIds == null ? Map.of() : Map.copyOf(platformIds);
  }
}
