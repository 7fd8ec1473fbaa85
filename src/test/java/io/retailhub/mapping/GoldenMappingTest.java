package io.retailhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.mapping.erp.ErpBusinessEventMapper;
import io.retailhub.mapping.erp.ErpBusinessPartnerMapper;
import io.retailhub.mapping.erp.ErpCustomerReturnMapper;
import io.retailhub.mapping.erp.ErpDeliveryMapper;
import io.retailhub.mapping.erp.ErpMaterialStockMapper;
import io.retailhub.mapping.erp.ErpSalesOrderMapper;
import io.retailhub.mapping.erp.ErpSettings;
import io.retailhub.mapping.salesforce.SalesforceCaseMapper;
import io.retailhub.mapping.salesforce.SalesforceChangeEventMapper;
import io.retailhub.mapping.salesforce.SalesforceCustomerMapper;
import io.retailhub.mapping.salesforce.SalesforceInventoryMapper;
import io.retailhub.mapping.salesforce.SalesforceOrderMapper;
import io.retailhub.mapping.salesforce.SalesforceProductMapper;
import io.retailhub.mapping.servicedesk.ZendeskTicketMapper;
import io.retailhub.mapping.servicedesk.ZendeskUserMapper;
import io.retailhub.mapping.servicedesk.ZendeskWebhookMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Customer;
import io.retailhub.model.InventoryPosition;
import io.retailhub.model.Order;
import io.retailhub.model.OrderStatusChanged;
import io.retailhub.model.Product;
import io.retailhub.model.ReturnRequest;
import io.retailhub.model.ServiceCase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Drives every platform mapper from the golden fixtures, in both directions. */
class GoldenMappingTest {
  /** The read time and sequence a stock snapshot is mapped with (the caller's, by contract). */
  static final Instant SNAPSHOT_AS_OF = Instant.parse("2026-10-02T06:00:00Z");

  static final long SNAPSHOT_SEQUENCE = 900L;
  static final String SOLD_TO_PARTY = "1000007";
  static final String INTERNAL_NOTE =
      "Hub: ERP order 1004 shipped with DHL, tracking 00340434000100028.";

  /** Platform payload to canonical, by fixture directory. */
  static final Map<String, Function<Path, Object>> FROM_PLATFORM =
      Map.ofEntries(
          Map.entry(
              "erp/MaterialStock.Changed",
              file -> ErpBusinessEventMapper.inventoryPositionOf(erpEvent(file))),
          Map.entry(
              "erp/SalesOrder.Changed",
              file -> ErpBusinessEventMapper.orderStatusChangedOf(erpEvent(file))),
          Map.entry(
              "erp/OutboundDelivery.Created",
              file -> ErpBusinessEventMapper.shipmentOf(erpEvent(file))),
          Map.entry(
              "erp/entity-change-events",
              file -> ErpBusinessEventMapper.entityChangeOf(erpEvent(file))),
          Map.entry("erp/A_SalesOrder", file -> ErpSalesOrderMapper.fromSalesOrder(json(file))),
          Map.entry(
              "erp/A_MatlStkInAcctMod",
              file ->
                  ErpMaterialStockMapper.positionsOf(
                      json(file), SNAPSHOT_AS_OF, SNAPSHOT_SEQUENCE)),
          Map.entry("erp/A_OutbDeliveryHeader", file -> ErpDeliveryMapper.shipmentOf(json(file))),
          Map.entry(
              "erp/A_CustomerReturn", file -> ErpCustomerReturnMapper.returnRequestOf(json(file))),
          Map.entry(
              "erp/A_CustomerReturn-refund", file -> ErpCustomerReturnMapper.refundOf(json(file))),
          Map.entry(
              "erp/A_BusinessPartner", file -> ErpBusinessPartnerMapper.customerOf(json(file))),
          Map.entry(
              "salesforce/Inventory_Position__c",
              file -> SalesforceInventoryMapper.fromRecord(json(file))),
          Map.entry("salesforce/Contact", file -> SalesforceCustomerMapper.fromContact(json(file))),
          Map.entry("salesforce/Order", file -> SalesforceOrderMapper.fromOrder(json(file))),
          Map.entry(
              "salesforce/Product2", file -> SalesforceProductMapper.fromProduct2(json(file))),
          Map.entry(
              "salesforce/ContactChangeEvent",
              file ->
                  SalesforceChangeEventMapper.customerOf(
                      SalesforceChangeEventMapper.parse(json(file)))),
          Map.entry(
              "salesforce/OrderChangeEvent",
              file ->
                  SalesforceChangeEventMapper.orderStatusChangedOf(
                      SalesforceChangeEventMapper.parse(json(file)), null)),
          Map.entry("servicedesk/ticket", file -> ZendeskTicketMapper.fromTicket(json(file))),
          Map.entry("servicedesk/comments", file -> ZendeskTicketMapper.commentsOf(json(file))),
          Map.entry("servicedesk/user", file -> ZendeskUserMapper.fromUser(json(file))),
          Map.entry(
              "servicedesk/organization",
              file -> Map.of("goldenId", ZendeskUserMapper.goldenIdOfOrganization(json(file)))),
          Map.entry("servicedesk/webhook", file -> ZendeskWebhookMapper.serviceCaseOf(json(file))));

  /** Canonical to platform payload, by fixture directory. */
  static final Map<String, Function<JsonNode, Object>> TO_PLATFORM =
      Map.ofEntries(
          Map.entry(
              "erp/to-A_SalesOrder",
              canonical ->
                  ErpSalesOrderMapper.toSalesOrderCreate(
                      read(canonical, Order.class), SOLD_TO_PARTY, ErpSettings.standard())),
          Map.entry(
              "erp/to-A_CustomerReturn",
              canonical ->
                  ErpCustomerReturnMapper.toCustomerReturnCreate(
                      read(canonical, ReturnRequest.class), SOLD_TO_PARTY, ErpSettings.standard())),
          Map.entry(
              "erp/to-A_BusinessPartner",
              canonical ->
                  ErpBusinessPartnerMapper.toBusinessPartner(read(canonical, Customer.class))),
          Map.entry(
              "salesforce/to-Inventory_Position__c",
              canonical ->
                  SalesforceInventoryMapper.toUpsertBody(read(canonical, InventoryPosition.class))),
          Map.entry(
              "salesforce/to-Contact",
              canonical ->
                  SalesforceCustomerMapper.toContactUpsert(read(canonical, Customer.class))),
          Map.entry(
              "salesforce/to-Account",
              canonical ->
                  SalesforceCustomerMapper.toAccountUpsert(read(canonical, Customer.class))),
          Map.entry(
              "salesforce/to-Order-status",
              canonical -> {
                OrderStatusChanged change = read(canonical, OrderStatusChanged.class);
                return SalesforceOrderMapper.toStatusUpdate(
                    change.status(), change.erpOrderNumber(), null);
              }),
          Map.entry(
              "salesforce/to-Product2",
              canonical -> SalesforceProductMapper.toProduct2(read(canonical, Product.class))),
          Map.entry(
              "salesforce/to-Case",
              canonical -> SalesforceCaseMapper.toCaseUpsert(read(canonical, ServiceCase.class))),
          Map.entry(
              "servicedesk/to-ticket",
              canonical ->
                  ZendeskTicketMapper.toTicketUpdate(
                      read(canonical, ServiceCase.class), INTERNAL_NOTE)),
          Map.entry(
              "servicedesk/to-user",
              canonical ->
                  ZendeskUserMapper.toUserCreateOrUpdate(read(canonical, Customer.class))));

  static Stream<Arguments> fromPlatformCases() {
    return cases(FROM_PLATFORM.keySet(), false);
  }

  static Stream<Arguments> fromPlatformFailures() {
    return cases(FROM_PLATFORM.keySet(), true);
  }

  static Stream<Arguments> toPlatformCases() {
    return cases(TO_PLATFORM.keySet(), false);
  }

  private static Stream<Arguments> cases(Iterable<String> directories, boolean failures) {
    List<Arguments> arguments = new ArrayList<>();
    for (String directory : directories) {
      for (Path file : GoldenFixtures.files(directory)) {
        String name = file.getFileName().toString();
        boolean isInput = !name.endsWith(".canonical.json") && !name.endsWith(".violations.json");
        if (isInput && name.startsWith("fail_") == failures) {
          arguments.add(Arguments.of(directory, GoldenFixtures.relative(file), file));
        }
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("fromPlatformCases")
  void platform_payload_maps_to_the_expected_canonical_record(
      String mapping, String fixture, Path file) {
    Object mapped = FROM_PLATFORM.get(mapping).apply(file);

    JsonNode expected = GoldenFixtures.read(GoldenFixtures.sibling(file, ".canonical.json"));
    assertThat(reparsed(mapped)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("fromPlatformFailures")
  void bad_platform_payload_is_rejected_with_every_violated_field(
      String mapping, String fixture, Path file) {
    JsonNode expected = GoldenFixtures.read(GoldenFixtures.sibling(file, ".violations.json"));
    List<String> expectedFields = new ArrayList<>();
    expected.get("fields").forEach(field -> expectedFields.add(field.asText()));

    MappingException rejection =
        catchThrowableOfType(MappingException.class, () -> FROM_PLATFORM.get(mapping).apply(file));

    assertThat(rejection).as("a MappingException for " + fixture).isNotNull();
    assertThat(rejection.fields()).containsExactlyInAnyOrderElementsOf(expectedFields);
    assertThat(rejection.source()).isEqualTo(expected.get("source").asText());
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("toPlatformCases")
  void canonical_record_maps_to_the_expected_platform_payload(
      String mapping, String fixture, Path file) {
    JsonNode canonical = GoldenFixtures.read(GoldenFixtures.sibling(file, ".canonical.json"));

    Object payload = TO_PLATFORM.get(mapping).apply(canonical);

    assertThat(reparsed(payload)).isEqualTo(GoldenFixtures.read(file));
  }

  @Test
  void every_mapping_has_fixtures_and_every_fixture_directory_a_mapping() {
    for (String directory : FROM_PLATFORM.keySet()) {
      assertThat(cases(List.of(directory), false)).as(directory).isNotEmpty();
    }
    for (String directory : TO_PLATFORM.keySet()) {
      assertThat(cases(List.of(directory), false)).as(directory).isNotEmpty();
    }
  }

  @Test
  void a_fixture_never_names_a_violation_file_without_its_payload() {
    for (String directory : FROM_PLATFORM.keySet()) {
      for (Path file : GoldenFixtures.files(directory)) {
        String name = file.getFileName().toString();
        if (name.endsWith(".violations.json")) {
          Path payload = file.resolveSibling(name.replace(".violations.json", ".json"));
          assertThat(payload).exists();
        }
      }
    }
    assertThatThrownBy(() -> GoldenFixtures.files("no-such-platform"))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }

  /** Through text, so that numbers compare as the JSON a reader would see. */
  static JsonNode reparsed(Object value) {
    try {
      return CanonicalJson.mapper().readTree(CanonicalJson.toJson(value));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static JsonNode json(Path file) {
    return GoldenFixtures.read(file);
  }

  static io.cloudevents.CloudEvent erpEvent(Path file) {
    return ErpBusinessEventMapper.parse(GoldenFixtures.bytes(file));
  }

  static <T> T read(JsonNode canonical, Class<T> type) {
    return CanonicalJson.read(canonical, type);
  }
}
