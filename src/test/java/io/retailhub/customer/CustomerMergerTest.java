package io.retailhub.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.retailhub.model.Platform;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerMergerTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final String RULES =
      """
      version: 1
      attributes:
        email:
          owner: shared
          policy: last-writer-wins
          priority: [erp, salesforce, servicedesk]
          receivers: [salesforce, erp, servicedesk]
        segment:
          owner: shared
          policy: owner-priority
          priority: [salesforce, erp]
          receivers: [salesforce, erp]
        billingAddress:
          owner: erp
          receivers: [salesforce, servicedesk]
          correctNonOwner: true
        loyaltyTier:
          owner: salesforce
          receivers: [servicedesk]
      """;

  private final CustomerMerger merger =
      new CustomerMerger(
          OwnershipRules.parse(
              "rules.yaml",
              new java.io.StringReader(RULES),
              java.util.Set.of("email", "segment", "billingAddress", "loyaltyTier")));

  private static JsonNode text(String value) {
    return TextNode.valueOf(value);
  }

  private static CustomerChange change(
      Platform source, Instant at, String attribute, String value) {
    return new CustomerChange(
        "G-1", source, source.wireCode() + "-1", at, Map.of(attribute, text(value)));
  }

  private static GoldenCustomer golden(
      String attribute, String value, Platform source, Instant at) {
    Map<String, JsonNode> values = new HashMap<>();
    values.put(attribute, text(value));
    return new GoldenCustomer("G-1", values, Map.of(attribute, new AttributeVersion(source, at)));
  }

  @Test
  void anOwnerChangeIsAppliedAndSentToEveryReceiverButItsSource() {
    MergeOutcome outcome =
        merger.merge(
            GoldenCustomer.empty("G-1"), change(Platform.ERP, T0, "billingAddress", "1 Main St"));

    assertThat(outcome.applied()).containsEntry("billingAddress", text("1 Main St"));
    assertThat(outcome.merged().attributes()).containsEntry("billingAddress", text("1 Main St"));
    assertThat(outcome.merged().versions().get("billingAddress"))
        .isEqualTo(new AttributeVersion(Platform.ERP, T0));
    assertThat(outcome.outbound()).containsOnlyKeys(Platform.SALESFORCE, Platform.SERVICEDESK);
    assertThat(outcome.conflicts()).isEmpty();
  }

  @Test
  void aNonOwnerChangeIsAConflictAndTheOwnersValueIsSentBackWhenConfigured() {
    GoldenCustomer current = golden("billingAddress", "1 Main St", Platform.ERP, T0);

    MergeOutcome outcome =
        merger.merge(
            current, change(Platform.SALESFORCE, T0.plusSeconds(60), "billingAddress", "9 Elm Rd"));

    assertThat(outcome.applied()).isEmpty();
    assertThat(outcome.merged().attributes()).containsEntry("billingAddress", text("1 Main St"));
    assertThat(outcome.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(ConflictKind.NON_OWNER_WRITE);
              assertThat(c.rejectedSource()).isEqualTo(Platform.SALESFORCE);
              assertThat(c.rejectedValue()).isEqualTo(text("9 Elm Rd"));
              assertThat(c.keptSource()).isEqualTo(Platform.ERP);
              assertThat(c.keptValue()).isEqualTo(text("1 Main St"));
            });
    assertThat(outcome.outbound())
        .containsOnlyKeys(Platform.SALESFORCE)
        .extractingByKey(Platform.SALESFORCE)
        .isEqualTo(Map.of("billingAddress", text("1 Main St")));
  }

  @Test
  void aNonOwnerChangeIsNotSentBackWhenCorrectionIsOff() {
    GoldenCustomer current = golden("loyaltyTier", "gold", Platform.SALESFORCE, T0);

    MergeOutcome outcome = merger.merge(current, change(Platform.ERP, T0, "loyaltyTier", "silver"));

    assertThat(outcome.conflicts())
        .extracting(AttributeConflict::kind)
        .containsExactly(ConflictKind.NON_OWNER_WRITE);
    assertThat(outcome.outbound()).isEmpty();
  }

  @Test
  void aNonOwnerReportingTheOwnersValueIsNoConflict() {
    GoldenCustomer current = golden("billingAddress", "1 Main St", Platform.ERP, T0);

    MergeOutcome outcome =
        merger.merge(current, change(Platform.SALESFORCE, T0, "billingAddress", "1 Main St"));

    assertThat(outcome.conflicts()).isEmpty();
    assertThat(outcome.outbound()).isEmpty();
    assertThat(outcome.changed()).isFalse();
  }

  @Test
  void anUnchangedValueFromTheOwnerSendsNothing() {
    GoldenCustomer current = golden("billingAddress", "1 Main St", Platform.ERP, T0);

    MergeOutcome outcome =
        merger.merge(
            current, change(Platform.ERP, T0.plusSeconds(5), "billingAddress", "1 Main St"));

    assertThat(outcome.changed()).isFalse();
    assertThat(outcome.outbound()).isEmpty();
  }

  @Test
  void lastWriterWinsAppliesTheNewerSharedWrite() {
    GoldenCustomer current = golden("email", "a@x.test", Platform.ERP, T0);

    MergeOutcome outcome =
        merger.merge(current, change(Platform.SALESFORCE, T0.plusSeconds(1), "email", "b@x.test"));

    assertThat(outcome.merged().attributes()).containsEntry("email", text("b@x.test"));
    assertThat(outcome.outbound()).containsOnlyKeys(Platform.ERP, Platform.SERVICEDESK);
    assertThat(outcome.conflicts()).isEmpty();
  }

  @Test
  void lastWriterWinsRecordsTheOlderWriteAsLostAndSendsTheWinnerToTheLoser() {
    GoldenCustomer current = golden("email", "b@x.test", Platform.SALESFORCE, T0.plusSeconds(1));

    MergeOutcome outcome =
        merger.merge(current, change(Platform.SERVICEDESK, T0, "email", "c@x.test"));

    assertThat(outcome.merged().attributes()).containsEntry("email", text("b@x.test"));
    assertThat(outcome.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(ConflictKind.SHARED_WRITE_LOST);
              assertThat(c.rejectedValue()).isEqualTo(text("c@x.test"));
              assertThat(c.keptSource()).isEqualTo(Platform.SALESFORCE);
            });
    assertThat(outcome.outbound())
        .isEqualTo(Map.of(Platform.SERVICEDESK, Map.of("email", text("b@x.test"))));
  }

  @Test
  void anEqualTimestampIsDecidedByPlatformPriorityInEitherArrivalOrder() {
    CustomerChange fromErp = change(Platform.ERP, T0, "email", "erp@x.test");
    CustomerChange fromSalesforce = change(Platform.SALESFORCE, T0, "email", "sf@x.test");

    GoldenCustomer erpFirst =
        merger
            .merge(merger.merge(GoldenCustomer.empty("G-1"), fromErp).merged(), fromSalesforce)
            .merged();
    GoldenCustomer salesforceFirst =
        merger
            .merge(merger.merge(GoldenCustomer.empty("G-1"), fromSalesforce).merged(), fromErp)
            .merged();

    assertThat(erpFirst.attributes()).containsEntry("email", text("erp@x.test"));
    assertThat(salesforceFirst.attributes()).isEqualTo(erpFirst.attributes());
  }

  @Test
  void concurrentEditsConvergeWhateverTheArrivalOrder() {
    CustomerChange older = change(Platform.ERP, T0, "email", "old@x.test");
    CustomerChange newer = change(Platform.SERVICEDESK, T0.plusMillis(1), "email", "new@x.test");

    GoldenCustomer one =
        merger.merge(merger.merge(GoldenCustomer.empty("G-1"), older).merged(), newer).merged();
    GoldenCustomer other =
        merger.merge(merger.merge(GoldenCustomer.empty("G-1"), newer).merged(), older).merged();

    assertThat(one.attributes()).containsEntry("email", text("new@x.test"));
    assertThat(other.attributes()).isEqualTo(one.attributes());
  }

  @Test
  void ownerPriorityKeepsTheStrongerPlatformsValueEvenAgainstANewerWrite() {
    GoldenCustomer current = golden("segment", "premium", Platform.SALESFORCE, T0);

    MergeOutcome outcome =
        merger.merge(current, change(Platform.ERP, T0.plusSeconds(3600), "segment", "mass"));

    assertThat(outcome.merged().attributes()).containsEntry("segment", text("premium"));
    assertThat(outcome.conflicts())
        .extracting(AttributeConflict::kind)
        .containsExactly(ConflictKind.SHARED_WRITE_LOST);
    assertThat(outcome.outbound())
        .isEqualTo(Map.of(Platform.ERP, Map.of("segment", text("premium"))));
  }

  @Test
  void ownerPriorityLetsTheStrongerPlatformOverrideAndAPlatformCorrectItself() {
    GoldenCustomer fromErp = golden("segment", "mass", Platform.ERP, T0);

    MergeOutcome stronger =
        merger.merge(
            fromErp, change(Platform.SALESFORCE, T0.minusSeconds(60), "segment", "premium"));
    MergeOutcome self =
        merger.merge(fromErp, change(Platform.ERP, T0.plusSeconds(1), "segment", "smb"));

    assertThat(stronger.merged().attributes()).containsEntry("segment", text("premium"));
    assertThat(self.merged().attributes()).containsEntry("segment", text("smb"));
  }

  @Test
  void aChangeTouchingSeveralAttributesIsJudgedAttributeByAttribute() {
    GoldenCustomer current = golden("billingAddress", "1 Main St", Platform.ERP, T0);
    CustomerChange mixed =
        new CustomerChange(
            "G-1",
            Platform.SALESFORCE,
            "003X",
            T0.plusSeconds(10),
            Map.of(
                "billingAddress",
                text("9 Elm Rd"),
                "email",
                text("sf@x.test"),
                "loyaltyTier",
                text("gold")));

    MergeOutcome outcome = merger.merge(current, mixed);

    assertThat(outcome.applied()).containsOnlyKeys("email", "loyaltyTier");
    assertThat(outcome.conflicts())
        .extracting(AttributeConflict::attribute)
        .containsExactly("billingAddress");
    assertThat(outcome.outbound().get(Platform.SERVICEDESK))
        .containsOnlyKeys("email", "loyaltyTier");
    assertThat(outcome.outbound().get(Platform.SALESFORCE)).containsOnlyKeys("billingAddress");
  }

  @Test
  void anOwnersEventOlderThanTheOwnersValueHeldIsStaleAndChangesNothing() {
    GoldenCustomer current =
        golden("billingAddress", "2 New Road", Platform.ERP, T0.plusSeconds(5));

    MergeOutcome outcome =
        merger.merge(current, change(Platform.ERP, T0, "billingAddress", "1 Old Road"));

    assertThat(outcome.changed()).isFalse();
    assertThat(outcome.outbound()).isEmpty();
    assertThat(outcome.conflicts()).isEmpty();
    assertThat(outcome.merged().attributes().get("billingAddress")).isEqualTo(text("2 New Road"));
  }

  @Test
  void anOwnersNewerEventReplacesTheOwnersValue() {
    GoldenCustomer current = golden("billingAddress", "1 Old Road", Platform.ERP, T0);

    MergeOutcome outcome =
        merger.merge(
            current, change(Platform.ERP, T0.plusSeconds(5), "billingAddress", "2 New Road"));

    assertThat(outcome.applied()).containsEntry("billingAddress", text("2 New Road"));
    assertThat(outcome.outbound()).containsKey(Platform.SALESFORCE);
  }
}
