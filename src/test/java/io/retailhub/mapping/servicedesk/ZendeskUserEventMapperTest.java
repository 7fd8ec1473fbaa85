package io.retailhub.mapping.servicedesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.customer.PlatformCustomerChange;
import io.retailhub.mapping.MappingException;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Zendesk user events (golden payloads in golden/servicedesk/user-event) to customer changes. */
class ZendeskUserEventMapperTest {

  private static JsonNode golden(String name) throws IOException {
    try (InputStream in =
        ZendeskUserEventMapperTest.class.getResourceAsStream(
            "/golden/servicedesk/user-event/" + name)) {
      return CanonicalJson.mapper().readTree(in);
    }
  }

  @Test
  void aPrimaryEmailIdentityChangeIsAnEmailChangeAtTheEventTime() throws IOException {
    PlatformCustomerChange change =
        ZendeskUserEventMapper.changeOf(golden("identity-email-changed.json")).orElseThrow();

    assertThat(change.platform()).isEqualTo(Platform.SERVICEDESK);
    assertThat(change.platformId()).isEqualTo("370000000071");
    assertThat(change.externalGoldenId()).isEqualTo("GC-00071");
    assertThat(change.email()).isEqualTo("new.address@example.com");
    assertThat(change.sourceTimestamp()).isEqualTo(Instant.parse("2026-11-29T08:15:02Z"));
    assertThat(change.attributes()).containsOnlyKeys("email");
    assertThat(change.attributes().get("email").asText()).isEqualTo("new.address@example.com");
  }

  @Test
  void aPhoneIdentityChangeIsAPhoneChange() throws IOException {
    ObjectNode event = (ObjectNode) golden("identity-email-changed.json");
    ((ObjectNode) event.path("event").path("current"))
        .put("type", "phone_number")
        .put("value", "+49 30 1234567");

    PlatformCustomerChange change = ZendeskUserEventMapper.changeOf(event).orElseThrow();

    assertThat(change.attributes()).containsOnlyKeys("phone");
    assertThat(change.attributes().get("phone").asText()).isEqualTo("+49 30 1234567");
  }

  @Test
  void aNameChangeSplitsAtTheLastSpaceAndAnEmptyExternalIdIsNoGoldenId() throws IOException {
    PlatformCustomerChange change =
        ZendeskUserEventMapper.changeOf(golden("name-changed.json")).orElseThrow();

    assertThat(change.externalGoldenId()).isNull();
    assertThat(change.attributes().get("firstName").asText()).isEqualTo("Ada Maria");
    assertThat(change.attributes().get("lastName").asText()).isEqualTo("Lovelace");
  }

  @Test
  void agentsAndEventsThatChangeNoCustomerAttributeAreNoChange() throws IOException {
    ObjectNode agent = (ObjectNode) golden("name-changed.json");
    ((ObjectNode) agent.path("detail")).put("role", "agent");
    ObjectNode tags = (ObjectNode) golden("name-changed.json");
    tags.put("type", "zen:event-type:user.tags_changed");

    assertThat(ZendeskUserEventMapper.changeOf(agent)).isEmpty();
    assertThat(ZendeskUserEventMapper.changeOf(tags)).isEmpty();
  }

  @Test
  void anEventWithoutUserIdOrTimeNamesBothFields() throws IOException {
    assertThatThrownBy(
            () -> ZendeskUserEventMapper.changeOf(golden("fail_no_user_id_no_time.json")))
        .isInstanceOf(MappingException.class)
        .satisfies(
            failure ->
                assertThat(((MappingException) failure).fields())
                    .containsExactly("detail.id", "time"));
  }

  @Test
  void aTicketEventIsNotAUserEvent() throws IOException {
    ObjectNode event = (ObjectNode) golden("name-changed.json");
    event.put("type", "zen:event-type:ticket.created");

    assertThatThrownBy(() -> ZendeskUserEventMapper.changeOf(event))
        .isInstanceOf(MappingException.class)
        .satisfies(
            failure -> assertThat(((MappingException) failure).fields()).containsExactly("type"));
  }
}
