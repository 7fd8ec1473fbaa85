package io.retailhub.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.mapping.erp.ErpPartnerChangeMapper;
import io.retailhub.mapping.salesforce.SalesforceChangeEvent;
import io.retailhub.mapping.salesforce.SalesforceChangeEventMapper;
import io.retailhub.mapping.salesforce.SalesforceChangeOrigin;
import io.retailhub.mapping.salesforce.SalesforceContactChangeMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The customer flows' Java steps: platform event to canonical change (echo check, matching), and
 * canonical change to merged golden record plus the writes each platform must receive.
 */
@ApplicationScoped
@Named("customerSync")
public class CustomerSync {
  /** Header: what ingest decided: {@code change}, {@code echo} or {@code review}. */
  public static final String OUTCOME_HEADER = "HubCustomerOutcome";

  public static final String GOLDEN_ID_HEADER = "HubGoldenId";
  public static final String PLATFORM_ID_HEADER = "HubPlatformRecordId";
  public static final String PUSH_PLATFORM_HEADER = "HubPushPlatform";
  public static final String PUSH_TARGET_HEADER = "HubPushTarget";

  /** Push target of an ERP write that creates the business partner. */
  public static final String ERP_CREATE_TARGET = "A_BusinessPartner";

  /**
   * Exchange property: the canonical change's identity, a hash of its content, the same for a Kafka
   * redelivery, a re-publication and a dead letter's replay.
   */
  public static final String CHANGE_KEY_PROPERTY = "customerChangeKey";

  /** Push platform of a write that needs no call any more (see {@link #preparePush}). */
  public static final String NO_PUSH = "none";

  private static final String SALESFORCE_UPDATE_TARGET = "update";
  private static final String SALESFORCE_UPSERT_TARGET = "upsert";
  private static final String SERVICEDESK_TARGET = "users/create_or_update.json";
  private static final List<String> ERP_PARTNER_ATTRIBUTES = List.of("firstName", "lastName");

  private static final String CHANGE_KEY_FIELD = "changeKey";
  private static final String VALUES_FIELD = "values";
  private static final String WRITE_NUMBER_FIELD = "writeNumber";
  private static final String WRITE_NUMBER_PROPERTY = "customerWriteNumber";
  private static final String ACCOUNT_EVENT_PROPERTY = "salesforceAccountEvent";
  private static final String CHANGE_ORIGIN_HEADER = "CamelSalesforceChangeOrigin";

  private static final ObjectMapper JSON = CanonicalJson.mapper();

  private final CustomerStore store;
  private final CustomerMerger merger;
  private final Duration echoTtl;
  private final String serviceDeskAuthorization;
  private final boolean createErpPartners;

  public CustomerSync(
      CustomerStore store,
      OwnershipRules rules,
      @ConfigProperty(name = "hub.customers.echo-ttl") Duration echoTtl,
      @ConfigProperty(name = "hub.customers.create-erp-partners", defaultValue = "true")
          boolean createErpPartners,
      @ConfigProperty(name = "hub.servicedesk.user") String serviceDeskUser,
      @ConfigProperty(name = "hub.servicedesk.api-token", defaultValue = "") String apiToken) {
    this.store = store;
    this.merger = new CustomerMerger(rules);
    this.echoTtl = echoTtl;
    this.createErpPartners = createErpPartners;
    this.serviceDeskAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (serviceDeskUser + "/token:" + apiToken).getBytes(StandardCharsets.UTF_8));
  }

  /** An ERP business event (data alone, or a whole structured CloudEvent) to a canonical change. */
  public void ingestErp(Exchange exchange) throws JsonProcessingException {
    JsonNode event = JSON.readTree(exchange.getMessage().getBody(String.class));
    JsonNode data = event.has("specversion") && event.has("data") ? event.get("data") : event;
    ingest(exchange, ErpPartnerChangeMapper.changeOf(data));
  }

  /**
   * A Salesforce Contact change event (the raw CometD message) to a canonical change. The hub's own
   * upserts address a Contact by golden ID before Salesforce names its record ID, so their echoes
   * are looked up under the golden ID as well as under the Contact ID.
   */
  public void ingestSalesforceContact(Exchange exchange) throws JsonProcessingException {
    String origin = exchange.getMessage().getHeader(CHANGE_ORIGIN_HEADER, String.class);
    if (SalesforceChangeOrigin.isClient(origin, SalesforceChangeOrigin.HUB_CLIENT)) {
      // a real org names the hub's Sforce-Call-Options client in changeOrigin: the whole event is
      // the hub's own write; the value check below covers orgs (and the simulator) that do not
      exchange.getMessage().setHeader(OUTCOME_HEADER, "echo");
      return;
    }
    JsonNode message = JSON.readTree(exchange.getMessage().getBody(String.class));
    PlatformCustomerChange reported =
        SalesforceContactChangeMapper.changeOf(SalesforceChangeEventMapper.parse(message));
    String goldenId =
        reported.externalGoldenId() != null
            ? reported.externalGoldenId()
            : store.goldenIdOf(reported.platform(), reported.platformId()).orElse(null);
    Map<String, JsonNode> attributes = reported.attributes();
    if (goldenId != null) {
      attributes = store.withoutEchoes(reported.platform(), goldenId, attributes);
    }
    ingest(
        exchange,
        new PlatformCustomerChange(
            reported.platform(),
            reported.platformId(),
            reported.externalGoldenId(),
            reported.email(),
            reported.sourceTimestamp(),
            attributes));
  }

  /**
   * The SOQL that finds the Contacts of the Account an Account change event is about; the event
   * itself is kept in an exchange property for {@link #ingestSalesforceAccount}.
   */
  public String salesforceAccountContactsQuery(Exchange exchange) throws JsonProcessingException {
    String body = exchange.getMessage().getBody(String.class);
    SalesforceChangeEvent event = SalesforceChangeEventMapper.parse(JSON.readTree(body));
    exchange.setProperty(ACCOUNT_EVENT_PROPERTY, body);
    String accountId = event.recordIds().get(0);
    // the ID goes into SOQL: only a well-formed record ID may get there
    if (!accountId.matches("[A-Za-z0-9]{15,18}")) {
      throw new IllegalArgumentException("not a Salesforce record ID: " + accountId);
    }
    return "SELECT Id FROM Contact WHERE AccountId = '" + accountId + "' ORDER BY Id LIMIT 2";
  }

  /**
   * An Account change event, with the answer of {@link #salesforceAccountContactsQuery}, to a
   * canonical change reported on the Account's one Contact. An Account without exactly one Contact
   * is not a person the hub can attribute the change to: outcome {@code skipped}.
   */
  public void ingestSalesforceAccount(Exchange exchange) throws JsonProcessingException {
    JsonNode contacts = JSON.readTree(exchange.getMessage().getBody(String.class)).path("records");
    if (contacts.size() != 1) {
      exchange.getMessage().setHeader(OUTCOME_HEADER, "skipped");
      return;
    }
    SalesforceChangeEvent event =
        SalesforceChangeEventMapper.parse(
            JSON.readTree(exchange.getProperty(ACCOUNT_EVENT_PROPERTY, String.class)));
    PlatformCustomerChange reported =
        SalesforceContactChangeMapper.accountChangeOf(event, contacts.get(0).path("Id").asText());
    if (reported.attributes().isEmpty()) {
      exchange.getMessage().setHeader(OUTCOME_HEADER, "skipped");
      return;
    }
    ingest(exchange, reported);
  }

  void ingest(Exchange exchange, PlatformCustomerChange reported) throws JsonProcessingException {
    Map<String, JsonNode> news =
        store.withoutEchoes(reported.platform(), reported.platformId(), reported.attributes());
    if (news.isEmpty()) {
      exchange.getMessage().setHeader(OUTCOME_HEADER, "echo");
      return;
    }
    PlatformCustomerChange change =
        new PlatformCustomerChange(
            reported.platform(),
            reported.platformId(),
            reported.externalGoldenId(),
            reported.email(),
            reported.sourceTimestamp(),
            news);
    CustomerStore.Match match = store.match(change);
    if (match instanceof CustomerStore.Match.Ambiguous ambiguous) {
      store.queueForReview(change, ambiguous.candidateIds());
      exchange.getMessage().setHeader(OUTCOME_HEADER, "review");
      return;
    }
    String goldenId = ((CustomerStore.Match.Linked) match).goldenId();
    CustomerChange canonical =
        new CustomerChange(
            goldenId,
            change.platform(),
            change.platformId(),
            change.sourceTimestamp(),
            change.attributes());
    exchange.getMessage().setHeader(OUTCOME_HEADER, "change");
    exchange.getMessage().setHeader(GOLDEN_ID_HEADER, goldenId);
    exchange.getMessage().setBody(JSON.writeValueAsString(canonical));
  }

  /**
   * Applies a canonical change and returns the writes to make, one per platform call, each with the
   * attribute values it carries. The change is merged once ({@link #CHANGE_KEY_PROPERTY}); a
   * redelivered record gets the writes its first delivery did not finish ({@link
   * CustomerStore#mergeOnce}), with the values the golden record holds now.
   */
  public List<Map<String, Object>> merge(Exchange exchange) throws JsonProcessingException {
    CustomerChange change =
        JSON.readValue(exchange.getMessage().getBody(String.class), CustomerChange.class);
    String changeKey = exchange.getProperty(CHANGE_KEY_PROPERTY, String.class);
    if (changeKey == null || changeKey.isBlank()) {
      throw new IllegalStateException("a customer change without its key");
    }
    return store.mergeOnce(
        changeKey,
        change.goldenId(),
        current -> merger.merge(current, completed(current, change)),
        outcome -> plannedWrites(changeKey, change.goldenId(), outcome),
        CustomerSync::redoneWrites);
  }

  private List<Map<String, Object>> plannedWrites(
      String changeKey, String goldenId, MergeOutcome outcome) {
    Map<Platform, String> platformIds = store.platformIds(goldenId);
    List<Map<String, Object>> writes = new ArrayList<>();
    // in the platforms' declared order, so every delivery of a change plans the same writes
    for (Platform platform : Platform.values()) {
      Map<String, JsonNode> values = outcome.outbound().get(platform);
      if (values != null) {
        writes.addAll(writesFor(platform, goldenId, platformIds, values, outcome));
      }
    }
    for (int i = 0; i < writes.size(); i++) {
      writes.get(i).put(CHANGE_KEY_FIELD, changeKey);
      writes.get(i).put(WRITE_NUMBER_FIELD, i);
    }
    return writes;
  }

  /**
   * Writes planned before the hub stopped, about to be made now: a later change may have moved an
   * attribute on since, and the write then carries the golden value, never the one it was planned
   * with, which would put an older value back on the platform after the newer one.
   */
  static List<Map<String, Object>> redoneWrites(
      GoldenCustomer current, List<Map<String, Object>> pending) {
    List<Map<String, Object>> redone = new ArrayList<>();
    for (Map<String, Object> planned : pending) {
      Map<String, Object> write = new LinkedHashMap<>(planned);
      Map<String, JsonNode> values = new LinkedHashMap<>(valuesOf(planned));
      values.replaceAll((attribute, value) -> current.attributes().getOrDefault(attribute, value));
      write.put(VALUES_FIELD, values);
      redone.add(write);
    }
    return redone;
  }

  /** Partial object values (an ERP event names only changed address fields) over the golden one. */
  private static CustomerChange completed(GoldenCustomer current, CustomerChange change) {
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    change
        .attributes()
        .forEach(
            (attribute, value) -> {
              JsonNode known = current.attributes().get(attribute);
              if (value.isObject() && known != null && known.isObject()) {
                ObjectNode whole = ((ObjectNode) known).deepCopy();
                whole.setAll((ObjectNode) value);
                attributes.put(attribute, whole);
              } else {
                attributes.put(attribute, value);
              }
            });
    return new CustomerChange(
        change.goldenId(),
        change.source(),
        change.sourceRecordId(),
        change.sourceTimestamp(),
        attributes);
  }

  private List<Map<String, Object>> writesFor(
      Platform platform,
      String goldenId,
      Map<Platform, String> platformIds,
      Map<String, JsonNode> values,
      MergeOutcome outcome) {
    List<Map<String, Object>> writes = new ArrayList<>();
    switch (platform) {
      case SALESFORCE -> {
        String contactId = platformIds.get(Platform.SALESFORCE);
        Map<String, JsonNode> contact = new LinkedHashMap<>(values);
        JsonNode lastName = outcome.merged().attributes().get("lastName");
        if (contactId == null && lastName != null) {
          // an upsert may create the Contact, which Salesforce refuses without a LastName. An
          // update of a linked Contact must not carry it: the golden record's last name can be
          // older than the Contact's (a Salesforce edit not merged yet, in a backlog after a
          // restart), and the write put it back over the user's edit (CustomerCrashIT)
          contact.putIfAbsent("lastName", lastName);
        }
        // a linked Contact may not carry the golden ID yet (matched by e-mail): it is updated by
        // Id and stamped with the golden ID, so later upserts by external ID find it
        addIfAnyField(
            writes,
            contactId != null
                ? write(platform, goldenId, contactId, SALESFORCE_UPDATE_TARGET, contact)
                : write(platform, goldenId, goldenId, SALESFORCE_UPSERT_TARGET, contact));
      }
      case ERP -> {
        String partner = platformIds.get(Platform.ERP);
        if (partner == null) {
          if (!createErpPartners || outcome.merged().attributes().get("lastName") == null) {
            // the ERP refuses a person without a last name; the next change with one creates it
            return writes;
          }
          // a customer that started elsewhere (a new Salesforce contact) becomes a partner
          Map<String, JsonNode> withName = new LinkedHashMap<>(values);
          for (String name : ERP_PARTNER_ATTRIBUTES) {
            JsonNode known = outcome.merged().attributes().get(name);
            if (known != null) {
              withName.putIfAbsent(name, known);
            }
          }
          writes.add(write(platform, goldenId, goldenId, ERP_CREATE_TARGET, withName));
          return writes;
        }
        Map<String, JsonNode> address = new LinkedHashMap<>(values);
        address.keySet().removeAll(ERP_PARTNER_ATTRIBUTES);
        addIfAnyField(
            writes,
            write(
                platform,
                goldenId,
                partner,
                "A_BusinessPartnerAddress(BusinessPartner='" + partner + "',AddressID='1')",
                address));
        Map<String, JsonNode> names = new LinkedHashMap<>(values);
        names.keySet().retainAll(ERP_PARTNER_ATTRIBUTES);
        addIfAnyField(
            writes,
            write(platform, goldenId, partner, "A_BusinessPartner('" + partner + "')", names));
      }
      case SERVICEDESK -> {
        String user = platformIds.getOrDefault(Platform.SERVICEDESK, goldenId);
        addIfAnyField(writes, write(platform, goldenId, user, SERVICEDESK_TARGET, values));
      }
    }
    return writes;
  }

  /** A write whose values the platform has no field for would change nothing: it is not made. */
  private static void addIfAnyField(List<Map<String, Object>> writes, Map<String, Object> write) {
    if (payloadOf(write) != null) {
      writes.add(write);
    }
  }

  private static Map<String, Object> write(
      Platform platform,
      String goldenId,
      String platformId,
      String target,
      Map<String, JsonNode> values) {
    Map<String, Object> write = new LinkedHashMap<>();
    write.put("platform", platform.wireCode());
    write.put("goldenId", goldenId);
    write.put("platformId", platformId);
    write.put("target", target);
    write.put(VALUES_FIELD, values);
    return write;
  }

  /** A write's attribute values, as planned or as read back from the merge outbox. */
  private static Map<String, JsonNode> valuesOf(Map<String, Object> write) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    JSON.valueToTree(write.get(VALUES_FIELD))
        .fields()
        .forEachRemaining(field -> values.put(field.getKey(), field.getValue()));
    return values;
  }

  /** The platform call's body, or null when the write carries no field the platform has. */
  private static ObjectNode payloadOf(Map<String, Object> write) {
    Map<String, JsonNode> values = valuesOf(write);
    String goldenId = (String) write.get("goldenId");
    String target = (String) write.get("target");
    ObjectNode payload =
        switch (Platform.fromWireCode((String) write.get("platform"))) {
          case SALESFORCE -> {
            ObjectNode contact = CustomerPayloads.salesforceContact(values);
            if (!contact.isEmpty() && SALESFORCE_UPDATE_TARGET.equals(target)) {
              contact.put("Golden_Customer_Id__c", goldenId);
            }
            yield contact;
          }
          case ERP ->
              ERP_CREATE_TARGET.equals(target)
                  ? CustomerPayloads.erpNewPartner(goldenId, values)
                  : target.startsWith("A_BusinessPartnerAddress")
                      ? CustomerPayloads.erpAddress(values)
                      : CustomerPayloads.erpPartner(values);
          // a body with only the external ID would change nothing (the desk has no address field)
          case SERVICEDESK -> {
            ObjectNode body = CustomerPayloads.serviceDeskUser(goldenId, values);
            yield body.get("user").size() > 1 ? body : JSON.createObjectNode();
          }
        };
    return payload.isEmpty() ? null : payload;
  }

  /**
   * After a push that created the platform's record (ERP business partner, service desk user):
   * links the record ID from the platform's answer to the golden ID, so later writes update it.
   */
  public void linkCreated(Exchange exchange) throws JsonProcessingException {
    String platform = exchange.getMessage().getHeader(PUSH_PLATFORM_HEADER, String.class);
    String goldenId = exchange.getMessage().getHeader(GOLDEN_ID_HEADER, String.class);
    String body = exchange.getMessage().getBody(String.class);
    if (platform == null || goldenId == null || body == null || body.isBlank()) {
      return;
    }
    JsonNode answer = JSON.readTree(body);
    if (Platform.ERP.wireCode().equals(platform)) {
      String partner = answer.path("d").path("BusinessPartner").asText("");
      if (!partner.isBlank()) {
        store.linkCreated(goldenId, Platform.ERP, partner);
      }
    } else if (Platform.SERVICEDESK.wireCode().equals(platform)) {
      String user = answer.path("user").path("id").asText("");
      if (!user.isBlank()) {
        store.linkCreated(goldenId, Platform.SERVICEDESK, user);
      }
    }
  }

  /**
   * Before an ERP partner create: the answer to the lookup by golden ID (the {@code
   * BusinessPartnerIDByExtSystem} filter). A partner found was created by an earlier try whose
   * answer the hub never read (it died first, or the answer was lost); it is linked, and the create
   * is not made.
   */
  public boolean linkExistingPartner(Exchange exchange) throws JsonProcessingException {
    String goldenId = exchange.getMessage().getHeader(GOLDEN_ID_HEADER, String.class);
    JsonNode found =
        JSON.readTree(exchange.getMessage().getBody(String.class))
            .path("d")
            .path("results")
            .path(0)
            .path("BusinessPartner");
    if (goldenId == null || found.asText("").isBlank()) {
      return false;
    }
    store.linkCreated(goldenId, Platform.ERP, found.asText());
    return true;
  }

  /**
   * Turns one planned write into the message the platform's push route sends. Creating an ERP
   * business partner is the one write that is not idempotent (the ERP does not look for
   * duplicates): when the golden record is linked to a partner already, because the write was made
   * before the hub died and the change is being redelivered, it is not made again. When the hub
   * died before it linked the partner, the push route finds it ({@link #linkExistingPartner}).
   */
  public void preparePush(Exchange exchange) throws JsonProcessingException {
    @SuppressWarnings("unchecked")
    Map<String, Object> write = exchange.getMessage().getBody(Map.class);
    String goldenId = (String) write.get("goldenId");
    String platformId = (String) write.get("platformId");
    Platform target = Platform.fromWireCode((String) write.get("platform"));
    boolean partnerCreate = target == Platform.ERP && ERP_CREATE_TARGET.equals(write.get("target"));
    String pushPlatform = target.wireCode();
    if (partnerCreate && store.platformIds(goldenId).containsKey(Platform.ERP)) {
      pushPlatform = NO_PUSH;
    } else if (!partnerCreate) {
      // remembered for each write made, a redone one too: the platform announces both, and the
      // ERP publishes no change event for a creation
      store.rememberWrites(target, platformId, valuesOf(write), echoTtl);
    }
    exchange.setProperty(WRITE_NUMBER_PROPERTY, write.get(WRITE_NUMBER_FIELD));
    exchange.getMessage().setHeader(PUSH_PLATFORM_HEADER, pushPlatform);
    exchange.getMessage().setHeader(GOLDEN_ID_HEADER, goldenId);
    exchange.getMessage().setHeader(PLATFORM_ID_HEADER, platformId);
    exchange.getMessage().setHeader(PUSH_TARGET_HEADER, write.get("target"));
    if (target == Platform.SERVICEDESK) {
      exchange.getMessage().setHeader("Authorization", serviceDeskAuthorization);
    }
    exchange.getMessage().setBody(JSON.writeValueAsString(payloadOf(write)));
  }

  /** After a push: this write and the ones before it are made; a redelivery skips them. */
  public void pushDone(Exchange exchange) {
    String changeKey = exchange.getProperty(CHANGE_KEY_PROPERTY, String.class);
    Integer writeNumber = exchange.getProperty(WRITE_NUMBER_PROPERTY, Integer.class);
    if (changeKey != null && writeNumber != null) {
      store.writesDone(changeKey, writeNumber + 1);
    }
  }
}
