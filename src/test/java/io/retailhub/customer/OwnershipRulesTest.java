package io.retailhub.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.retailhub.model.Platform;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OwnershipRulesTest {
  private static final String VALID =
      """
      version: 1
      attributes:
        email:
          owner: shared
          policy: last-writer-wins
          priority: [erp, salesforce]
          receivers: [salesforce, erp, servicedesk]
        taxId:
          owner: erp
          receivers: [salesforce]
          correctNonOwner: true
      """;

  private static OwnershipRules parse(String yaml) {
    return OwnershipRules.parse("test.yaml", new StringReader(yaml), Set.of("email", "taxId"));
  }

  @Test
  void theShippedFileGovernsEveryCanonicalAttributeWithTheDocumentedDefaults() {
    OwnershipRules rules = OwnershipRules.load(Path.of("routes/customer-ownership.yaml"));

    assertThat(rules.all())
        .extracting(AttributeRule::attribute)
        .containsExactlyInAnyOrderElementsOf(CustomerAttributes.governed());
    assertThat(rules.rule("billingAddress").owner()).isEqualTo(Platform.ERP);
    assertThat(rules.rule("taxId").owner()).isEqualTo(Platform.ERP);
    assertThat(rules.rule("creditLimit").owner()).isEqualTo(Platform.ERP);
    assertThat(rules.rule("marketingConsent").owner()).isEqualTo(Platform.SALESFORCE);
    assertThat(rules.rule("segment").owner()).isEqualTo(Platform.SALESFORCE);
    assertThat(rules.rule("loyaltyTier").owner()).isEqualTo(Platform.SALESFORCE);
    assertThat(rules.rule("serviceNotes").owner()).isEqualTo(Platform.SERVICEDESK);
    assertThat(rules.rule("email").shared()).isTrue();
    assertThat(rules.rule("email").policy()).isEqualTo(ConflictPolicy.LAST_WRITER_WINS);
    assertThat(rules.rule("phone").policy()).isEqualTo(ConflictPolicy.LAST_WRITER_WINS);
  }

  @Test
  void governedAttributesFollowTheCustomerRecordComponents() {
    assertThat(CustomerAttributes.governed())
        .contains("firstName", "lastName", "email", "phone", "loyaltyId", "marketingConsent")
        .contains("billingAddress", "shippingAddress")
        .doesNotContain("goldenId", "platformIds", "updatedAt", "addresses");
  }

  /** A record standing in for a future Customer that gained an attribute. */
  record CustomerWithNickname(String goldenId, String email, String nickname) {}

  @Test
  void aNewRecordComponentWithoutARuleFailsValidation() {
    Set<String> governed =
        new LinkedHashSet<>(CustomerAttributes.governed(CustomerWithNickname.class));
    assertThat(governed).contains("nickname");
    assertThatThrownBy(() -> OwnershipRules.parse("test.yaml", new StringReader(VALID), governed))
        .isInstanceOf(OwnershipRulesException.class)
        .hasMessageContaining("test.yaml line 2:")
        .hasMessageContaining("nickname");
  }

  @Test
  void aValidFileYieldsOneRulePerAttribute() {
    OwnershipRules rules = parse(VALID);

    AttributeRule email = rules.rule("email");
    assertThat(email.owner()).isNull();
    assertThat(email.priority()).containsExactly(Platform.ERP, Platform.SALESFORCE);
    assertThat(email.receivers()).containsExactlyInAnyOrder(Platform.values());
    AttributeRule taxId = rules.rule("taxId");
    assertThat(taxId.owner()).isEqualTo(Platform.ERP);
    assertThat(taxId.correctNonOwner()).isTrue();
    assertThat(taxId.receivers()).containsExactly(Platform.SALESFORCE);
  }

  @ParameterizedTest(name = "[{index}] line {1}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          version: 2                                                  | 1 | unsupported version
          attributes: {}                                              | 1 | missing 'version
          version: 1\\nextra: x\\nattributes: {}                      | 2 | unknown key 'extra'
          version: 1\\nattributes:\\n  email: {owner: shared, policy: last-writer-wins, priority: [erp], receivers: []}\\n  taxId: {owner: sap, receivers: []} | 4 | unknown platform 'sap'
          version: 1\\nattributes:\\n  email: {owner: shared, receivers: []}\\n  taxId: {owner: erp, receivers: []} | 3 | needs 'policy
          version: 1\\nattributes:\\n  email: {owner: shared, policy: newest, priority: [erp], receivers: []}\\n  taxId: {owner: erp, receivers: []} | 3 | unknown policy 'newest'
          version: 1\\nattributes:\\n  email: {owner: shared, policy: owner-priority, receivers: []}\\n  taxId: {owner: erp, receivers: []} | 3 | needs 'priority
          version: 1\\nattributes:\\n  email: {owner: shared, policy: last-writer-wins, priority: [erp], receivers: []}\\n  taxId: {owner: erp, policy: last-writer-wins, receivers: []} | 4 | applies only to shared
          version: 1\\nattributes:\\n  email: {owner: shared, policy: last-writer-wins, priority: [erp], receivers: []}\\n  taxId: {owner: erp} | 4 | needs 'receivers
          version: 1\\nattributes:\\n  email: {owner: shared, policy: last-writer-wins, priority: [erp], receivers: [erp, erp]}\\n  taxId: {owner: erp, receivers: []} | 3 | lists erp twice
          version: 1\\nattributes:\\n  email: {owner: shared, policy: last-writer-wins, priority: [erp], receivers: []}\\n  taxId: {owner: erp, receivers: []}\\n  vatNumber: {owner: erp, receivers: []} | 5 | unknown customer attribute 'vatNumber'
          version: 1\\nattributes:\\n  email: {owner: shared, policy: last-writer-wins, priority: [erp], receivers: []}\\n  taxId: {owner: erp, receivers: []}\\n  taxId: {owner: erp, receivers: []} | 5 | declared twice
          version: 1\\nattributes:\\n  taxId: {owner: erp, receivers: []} | 2 | no rule for customer attribute(s) [email]
          version: 1\\nattributes:\\n  email: {receivers: []}\\n  taxId: {owner: erp, receivers: []} | 3 | needs 'owner
          version: 1\\nattributes:\\n  email: {owner: shared, policy: last-writer-wins, priority: [erp], receivers: []}\\n  taxId: {owner: erp, receivers: [], correctNonOwner: maybe} | 4 | must be true or false
          version: 1\\nattributes:\\n  email: [owner, shared]\\n  taxId: {owner: erp, receivers: []} | 3 | must be a mapping
          version: 1\\nattributes:\\n  email: {owner: shared\\n  taxId: x | 4 | not valid YAML
          """)
  void anInvalidFileNamesTheOffendingLine(String yaml, int line, String problem) {
    assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n")))
        .isInstanceOfSatisfying(
            OwnershipRulesException.class, e -> assertThat(e.line()).isEqualTo(line))
        .hasMessageContaining("test.yaml line " + line + ":")
        .hasMessageContaining(problem);
  }

  @Test
  void anEmptyFileIsRejected() {
    assertThatThrownBy(() -> parse("# nothing\n"))
        .isInstanceOf(OwnershipRulesException.class)
        .hasMessageContaining("empty");
  }
}
