package io.retailhub.mapping.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.customer.PlatformCustomerChange;
import io.retailhub.mapping.MappingException;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Contact and Account change events to customer changes, and the hub's changeOrigin check. */
class SalesforceCdcMappingTest {

  private static SalesforceChangeEvent event(String entity, String changeType, String fields)
      throws Exception {
    JsonNode message =
        CanonicalJson.mapper()
            .readTree(
                """
                {"channel":"/data/%sChangeEvent","data":{"schema":"x","event":{"replayId":7},
                 "payload":{"ChangeEventHeader":{"entityName":"%s","recordIds":["003000000000777AAA"],
                  "changeType":"%s","changeOrigin":"com/salesforce/api/rest/62.0",
                  "transactionKey":"tx-1","sequenceNumber":1,"commitTimestamp":1764403200000,
                  "commitNumber":42,"commitUser":"005000000000001AAA","changedFields":["Phone"]},
                  %s}}}"""
                    .formatted(entity, entity, changeType, fields));
    return SalesforceChangeEventMapper.parse(message);
  }

  @Test
  void aContactCreateBecomesAChangeWithEveryMappedAttribute() throws Exception {
    PlatformCustomerChange change =
        SalesforceContactChangeMapper.changeOf(
            event(
                "Contact",
                "CREATE",
                """
                "FirstName":"Ada","LastName":"Lovelace","Email":"Ada@Example.com",
                "Phone":"+44 20 1","HasOptedOutOfEmail":true,"Loyalty_Id__c":"L-9",
                "MailingStreet":"1 Main St","MailingCity":"London","MailingCountry":"GB",
                "Golden_Customer_Id__c":"GC-1"\
                """));

    assertThat(change.platform()).isEqualTo(Platform.SALESFORCE);
    assertThat(change.platformId()).isEqualTo("003000000000777AAA");
    assertThat(change.externalGoldenId()).isEqualTo("GC-1");
    assertThat(change.email()).isEqualTo("Ada@Example.com");
    assertThat(change.sourceTimestamp()).isEqualTo(Instant.ofEpochMilli(1764403200000L));
    assertThat(change.attributes().get("lastName").asText()).isEqualTo("Lovelace");
    assertThat(change.attributes().get("marketingConsent").asBoolean()).isFalse();
    assertThat(change.attributes().get("loyaltyId").asText()).isEqualTo("L-9");
    assertThat(change.attributes().get("billingAddress").toString())
        .isEqualTo("{\"line1\":\"1 Main St\",\"city\":\"London\",\"countryCode\":\"GB\"}");
  }

  @Test
  void anAccountUpdateIsReportedOnTheGivenContact() throws Exception {
    PlatformCustomerChange change =
        SalesforceContactChangeMapper.accountChangeOf(
            event("Account", "UPDATE", "\"Phone\":\"+31 10 1\""), "003000000000888AAA");

    assertThat(change.platformId()).isEqualTo("003000000000888AAA");
    assertThat(change.attributes()).containsOnlyKeys("phone");
    assertThat(change.attributes().get("phone").asText()).isEqualTo("+31 10 1");
  }

  @Test
  void gapEventsAndOtherEntitiesAreRefused() throws Exception {
    assertThatThrownBy(
            () -> SalesforceContactChangeMapper.changeOf(event("Contact", "GAP_UPDATE", "\"a\":1")))
        .isInstanceOf(MappingException.class);
    assertThatThrownBy(
            () -> SalesforceContactChangeMapper.changeOf(event("Account", "CREATE", "\"a\":1")))
        .isInstanceOf(MappingException.class);
  }

  @Test
  void onlyTheHubsClientNameMarksAnEcho() {
    assertThat(
            SalesforceChangeOrigin.isClient(
                "com/salesforce/api/rest/62.0;client=retail-hub",
                SalesforceChangeOrigin.HUB_CLIENT))
        .isTrue();
    assertThat(
            SalesforceChangeOrigin.isClient(
                "com/salesforce/api/rest/62.0;client=retail-hub-2",
                SalesforceChangeOrigin.HUB_CLIENT))
        .isFalse();
    assertThat(
            SalesforceChangeOrigin.isClient(
                "com/salesforce/api/rest/62.0", SalesforceChangeOrigin.HUB_CLIENT))
        .isFalse();
    assertThat(SalesforceChangeOrigin.isClient(null, SalesforceChangeOrigin.HUB_CLIENT)).isFalse();
  }
}
