package io.retailhub.mapping.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import io.retailhub.model.Product;
import java.util.Map;

/** Products to and from Product2, identified by the standard {@code StockKeepingUnit}. */
public final class SalesforceProductMapper {
  private SalesforceProductMapper() {}

  public static Product fromProduct2(JsonNode record) {
    MappingContext context = MappingContext.of("salesforce:Product2");
    PayloadNode node = context.root(record);
    String id = node.optionalText("Id");
    String sku = node.requiredText("StockKeepingUnit");
    String name = node.requiredText("Name");
    String description = node.optionalText("Description");
    String productCode = node.optionalText("ProductCode");
    String unit = node.optionalText("QuantityUnitOfMeasure");
    Boolean active = node.optionalBoolean("IsActive");
    if (active == null) {
      node.violation("IsActive", "is required");
    }
    Map<Platform, String> ids = id == null ? Map.of() : Map.of(Platform.SALESFORCE, id);
    return context.build(() -> new Product(sku, name, description, productCode, unit, active, ids));
  }

  /** The body of a Product2 create or update; Salesforce's Id is never sent. */
  public static ObjectNode toProduct2(Product product) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("StockKeepingUnit", product.sku());
    body.put("Name", product.name());
    SalesforceCustomerMapper.putIfPresent(body, "Description", product.description());
    SalesforceCustomerMapper.putIfPresent(body, "ProductCode", product.productCode());
    SalesforceCustomerMapper.putIfPresent(body, "QuantityUnitOfMeasure", product.unitOfMeasure());
    body.put("IsActive", product.active());
    return body;
  }
}
