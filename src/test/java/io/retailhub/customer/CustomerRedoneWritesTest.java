package io.retailhub.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.retailhub.model.CanonicalJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writes redone after a restart carry the golden record's values as they stand then. */
class CustomerRedoneWritesTest {
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  /** A planned ERP write as the merge outbox gives it back: read from its JSON column. */
  private static List<Map<String, Object>> pendingFromOutbox() throws Exception {
    String outbox =
        """
        [{"platform":"erp","goldenId":"GC-1","platformId":"1000042",
          "target":"A_BusinessPartnerAddress(BusinessPartner='1000042',AddressID='1')",
          "values":{"phone":"+49 40 00901","email":"ana@example.org"},
          "changeKey":"retail.customer.v1-0-17","writeNumber":1}]
        """;
    return JSON.readValue(outbox, new TypeReference<>() {});
  }

  @Test
  void anAttributeALaterChangeMovedOnIsRedoneWithTheGoldenValueNotThePlannedOne() throws Exception {
    GoldenCustomer current =
        new GoldenCustomer(
            "GC-1",
            Map.of(
                "phone", TextNode.valueOf("+49 40 00902"),
                "email", TextNode.valueOf("ana@example.org")),
            Map.of());

    List<Map<String, Object>> redone = CustomerSync.redoneWrites(current, pendingFromOutbox());

    assertThat(redone).hasSize(1);
    JsonNode values = JSON.valueToTree(redone.get(0).get("values"));
    assertThat(values.get("phone").asText()).isEqualTo("+49 40 00902");
    assertThat(values.get("email").asText()).isEqualTo("ana@example.org");
    assertThat(redone.get(0))
        .containsEntry("platformId", "1000042")
        .containsEntry("changeKey", "retail.customer.v1-0-17")
        .containsEntry("writeNumber", 1);
  }

  @Test
  void anAttributeTheGoldenRecordDoesNotHoldKeepsItsPlannedValue() throws Exception {
    GoldenCustomer current = GoldenCustomer.empty("GC-1");

    List<Map<String, Object>> redone = CustomerSync.redoneWrites(current, pendingFromOutbox());

    JsonNode values = JSON.valueToTree(redone.get(0).get("values"));
    assertThat(values.get("phone").asText()).isEqualTo("+49 40 00901");
  }
}
