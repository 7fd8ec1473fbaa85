package io.retailhub.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.retailhub.mapping.MappingException;
import io.retailhub.mapping.erp.ErpPartnerChangeMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ErpPartnerChangeMapperTest {
  private static JsonNode json(String text) throws Exception {
    return CanonicalJson.mapper().readTree(text);
  }

  @Test
  void changedAddressFieldsBecomeAPartialBillingAddressAtTheErpsChangeTime() throws Exception {
    PlatformCustomerChange change =
        ErpPartnerChangeMapper.changeOf(
            json(
                """
                {"BusinessPartner":"1000042","ChangedFields":["StreetName","HouseNumber","CityName","EmailAddress"],
                 "StreetName":"Main St","HouseNumber":"12","CityName":"Leiden","EmailAddress":"A@B.test",
                 "ChangeSequence":"3","LastChangeDateTime":"2026-11-29T10:00:00Z"}
                """));

    assertThat(change.platform()).isEqualTo(Platform.ERP);
    assertThat(change.platformId()).isEqualTo("1000042");
    assertThat(change.sourceTimestamp()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
    assertThat(change.email()).isEqualTo("A@B.test");
    assertThat(change.attributes().get("billingAddress"))
        .isEqualTo(json("{\"line1\":\"12 Main St\",\"city\":\"Leiden\"}"));
    assertThat(change.attributes()).containsEntry("email", TextNode.valueOf("A@B.test"));
    assertThat(change.attributes()).doesNotContainKeys("phone", "firstName");
  }

  @Test
  void missingKeysAndTimesAreNamedInTheMappingException() {
    assertThatThrownBy(
            () -> ErpPartnerChangeMapper.changeOf(json("{\"LastChangeDateTime\":\"yesterday\"}")))
        .isInstanceOfSatisfying(
            MappingException.class,
            e ->
                assertThat(e.fields())
                    .containsExactlyInAnyOrder("BusinessPartner", "LastChangeDateTime"));
  }

  @Test
  void emailsAreNormalizedForMatchingByTrimmingAndLowerCasing() {
    assertThat(PlatformCustomerChange.normalizeEmail("  Jane.Doe@Example.COM "))
        .isEqualTo("jane.doe@example.com");
    assertThat(PlatformCustomerChange.normalizeEmail("   ")).isNull();
  }
}
