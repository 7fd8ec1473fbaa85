package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailhub.ops.privacy.PiiMasker;
import org.junit.jupiter.api.Test;

/** Personal data never reaches an operator's screen; keys and codes stay readable. */
class PiiMaskerTest {

  @Test
  void masksPersonalFieldsByNameInEveryPlatformsSpelling() {
    String masked =
        PiiMasker.maskBody(
            "{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"PersonEmail\":\"jane@example.com\","
                + "\"requester_email\":\"j@shop.example\",\"BillingStreet\":\"1 Main St\","
                + "\"Phone\":\"555 123 4567\",\"Golden_Customer_Id__c\":\"GC-0042\","
                + "\"shippingAddress\":{\"city\":\"Berlin\",\"postalCode\":\"10115\"},"
                + "\"lines\":[{\"sku\":\"SKU-0001\",\"quantity\":2}]}");
    assertThat(masked)
        .contains("\"FirstName\":\"***\"")
        .contains("\"LastName\":\"***\"")
        .contains("\"PersonEmail\":\"***@example.com\"")
        .contains("\"requester_email\":\"***@shop.example\"")
        .contains("\"BillingStreet\":\"***\"")
        .contains("\"Phone\":\"***\"")
        .contains("\"city\":\"***\"")
        .contains("\"Golden_Customer_Id__c\":\"GC-0042\"")
        .contains("\"sku\":\"SKU-0001\"")
        .contains("\"quantity\":2")
        .doesNotContain("Jane")
        .doesNotContain("Main St")
        .doesNotContain("Berlin");
  }

  @Test
  void masksEmailsAndPhonesInFreeTextButNotOrderNumbersOrDates() {
    String masked =
        PiiMasker.maskText(
            "Customer jane.doe@example.com called from +49 30 1234567 and (555) 123-4567 about"
                + " order 4500001234 of 2024-11-29");
    assertThat(masked)
        .contains("***@example.com")
        .doesNotContain("jane.doe")
        .doesNotContain("1234567 ")
        .doesNotContain("123-4567")
        .contains("4500001234")
        .contains("2024-11-29");
  }

  @Test
  void nonJsonBodiesAreTreatedAsText() {
    assertThat(PiiMasker.maskBody("mail to a@b.example")).isEqualTo("mail to ***@b.example");
  }
}
