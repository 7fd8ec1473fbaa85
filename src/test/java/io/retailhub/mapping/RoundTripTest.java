package io.retailhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailhub.mapping.erp.ErpBusinessPartnerMapper;
import io.retailhub.mapping.erp.ErpOData;
import io.retailhub.mapping.salesforce.SalesforceInventoryMapper;
import io.retailhub.mapping.salesforce.SalesforceProductMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Customer;
import io.retailhub.model.InventoryPosition;
import io.retailhub.model.Platform;
import io.retailhub.model.Product;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * canonical -> platform -> canonical keeps what the platform stores, and drops only what it cannot.
 */
class RoundTripTest {
  static <T> T golden(String path, Class<T> type) {
    return CanonicalJson.read(GoldenFixtures.read(GoldenFixtures.root().resolve(path)), type);
  }

  @Test
  void inventory_position_survives_salesforce_unchanged() {
    InventoryPosition position =
        golden(
            "salesforce/to-Inventory_Position__c/position.canonical.json", InventoryPosition.class);
    var record = SalesforceInventoryMapper.toUpsertBody(position);
    record.put(SalesforceInventoryMapper.EXTERNAL_ID_FIELD, position.key());

    assertThat(SalesforceInventoryMapper.fromRecord(record)).isEqualTo(position);
  }

  @Test
  void product_survives_salesforce_except_its_salesforce_id() {
    Product product = golden("salesforce/to-Product2/product.canonical.json", Product.class);

    Product back =
        SalesforceProductMapper.fromProduct2(SalesforceProductMapper.toProduct2(product));

    assertThat(back)
        .isEqualTo(
            new Product(
                product.sku(),
                product.name(),
                product.description(),
                product.productCode(),
                product.unitOfMeasure(),
                product.active(),
                Map.of()));
  }

  @Test
  void customer_survives_the_erp_without_loyalty_consent_and_other_platform_ids() {
    Customer customer = golden("erp/to-A_BusinessPartner/customer.canonical.json", Customer.class);

    Customer back =
        ErpBusinessPartnerMapper.customerOf(
            ErpOData.wrap(ErpBusinessPartnerMapper.toBusinessPartner(customer)));

    assertThat(back)
        .isEqualTo(
            new Customer(
                customer.goldenId(),
                customer.firstName(),
                customer.lastName(),
                customer.email(),
                customer.phone(),
                customer.addresses(),
                null,
                null,
                Map.of(Platform.ERP, customer.platformId(Platform.ERP)),
                null));
  }
}
