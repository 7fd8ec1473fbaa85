package io.retailhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.SimulatorServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Camel Salesforce component (camel-salesforce 4.17.0) against the simulator: login,
 * reads, upserts, SOQL, composite, and Change Data Capture over CometD including a restart from a
 * stored replay ID.
 */
class SalesforceSimulatorCamelTest {

  private static final String CONTACT_CHANNEL = "/data/ContactChangeEvent";

  private SalesforceSimulator simulator;
  private CamelContext camel;

  @BeforeEach
  void start() throws Exception {
    simulator = new SalesforceSimulator(0, RetailSeed.standard()).start();
    simulator.longPollTimeout(Duration.ofSeconds(2));
    camel = camelContext(null);
    camel.start();
  }

  @AfterEach
  void stop() {
    if (camel != null) {
      camel.stop();
    }
    simulator.close();
  }

  /**
   * A context whose salesforce component logs in to the simulator with username-password. Producers
   * log in lazily; consumers cannot (camel-salesforce refuses lazyLogin with streaming consumers).
   */
  private CamelContext camelContext(RouteBuilder routes) throws Exception {
    CamelContext context = new DefaultCamelContext();
    SalesforceComponent salesforce = new SalesforceComponent();
    salesforce.setLoginUrl(simulator.baseUrl());
    salesforce.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
    salesforce.setClientId(SalesforceSimulator.DEFAULT_CLIENT_ID);
    salesforce.setClientSecret(SalesforceSimulator.DEFAULT_CLIENT_SECRET);
    salesforce.setUserName(SalesforceSimulator.DEFAULT_USERNAME);
    salesforce.setPassword(SalesforceSimulator.DEFAULT_PASSWORD);
    salesforce.setLazyLogin(routes == null);
    SalesforceEndpointConfig config = new SalesforceEndpointConfig();
    config.setApiVersion("62.0");
    config.setRawPayload(true);
    salesforce.setConfig(config);
    context.addComponent("salesforce", salesforce);
    if (routes != null) {
      context.addRoutes(routes);
    }
    return context;
  }

  @Test
  void logsInAndReadsAContactById() throws Exception {
    RetailSeed.Customer customer = RetailSeed.standard().customers().get(4);

    String body =
        camel
            .createProducerTemplate()
            .requestBody(
                "salesforce:getSObject?sObjectName=Contact&sObjectId="
                    + customer.salesforceContactId()
                    + "&sObjectFields=Id,Email,Loyalty_Id__c",
                null,
                String.class);

    JsonNode contact = SimulatorServer.JSON.readTree(body);
    assertThat(contact.get("Email").asText()).isEqualTo(customer.email());
    assertThat(contact.get("Loyalty_Id__c").asText()).isEqualTo(customer.loyaltyId());
    assertThat(simulator.journal())
        .anyMatch(entry -> entry.path().equals("/services/oauth2/token"));
  }

  @Test
  void upsertsAnInventoryPositionByExternalId() throws Exception {
    ProducerTemplate producer = camel.createProducerTemplate();
    String uri =
        "salesforce:upsertSObject?sObjectName=Inventory_Position__c&sObjectIdName=Position_Key__c"
            + "&sObjectIdValue=SKU-0002@S003";

    String created =
        producer.requestBody(
            uri,
            "{\"SKU__c\":\"SKU-0002\",\"Location__c\":\"S003\",\"On_Hand__c\":5}",
            String.class);
    String updated = producer.requestBody(uri, "{\"On_Hand__c\":4}", String.class);

    assertThat(SimulatorServer.JSON.readTree(created).get("created").asBoolean()).isTrue();
    assertThat(SimulatorServer.JSON.readTree(updated).get("created").asBoolean()).isFalse();
    assertThat(
            simulator
                .record("Inventory_Position__c", "Position_Key__c", "SKU-0002@S003")
                .orElseThrow())
        .containsEntry("On_Hand__c", new java.math.BigDecimal("4"))
        .containsEntry("Location__c", "S003");
  }

  @Test
  void queriesWithSoql() throws Exception {
    String body =
        camel
            .createProducerTemplate()
            .requestBody(
                "salesforce:query?sObjectQuery=SELECT Id, StockKeepingUnit FROM Product2"
                    + " WHERE StockKeepingUnit IN ('SKU-0001','SKU-0050') ORDER BY StockKeepingUnit",
                null,
                String.class);

    JsonNode result = SimulatorServer.JSON.readTree(body);
    assertThat(result.get("totalSize").asInt()).isEqualTo(2);
    assertThat(result.get("records").get(1).get("StockKeepingUnit").asText()).isEqualTo("SKU-0050");
    assertThat(simulator.journal())
        .anyMatch(entry -> entry.path().equals("/services/data/v62.0/query/"));
  }

  @Test
  void runsACompositeRequest() throws Exception {
    String request =
        """
        {"allOrNone":true,"compositeRequest":[
          {"method":"POST","url":"/services/data/v62.0/sobjects/Case","referenceId":"newCase",
           "body":{"Subject":"Parcel damaged","Origin":"Web"}},
          {"method":"GET","url":"/services/data/v62.0/sobjects/Case/@{newCase.id}?fields=Status,Priority","referenceId":"readCase"}
        ]}""";

    String body =
        camel.createProducerTemplate().requestBody("salesforce:composite", request, String.class);

    JsonNode responses = SimulatorServer.JSON.readTree(body).get("compositeResponse");
    assertThat(responses.get(0).get("httpStatusCode").asInt()).isEqualTo(201);
    assertThat(responses.get(1).get("body").get("Status").asText()).isEqualTo("New");
    assertThat(responses.get(1).get("body").get("Priority").asText()).isEqualTo("Medium");
  }

  @Test
  void reportsSalesforceErrorsAsSalesforceException() {
    ProducerTemplate producer = camel.createProducerTemplate();

    CamelExecutionException failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            CamelExecutionException.class,
            () ->
                producer.requestBody(
                    "salesforce:createSObject?sObjectName=Account",
                    "{\"Phone\":\"1\"}",
                    String.class));

    assertThat(failure.getCause()).isInstanceOf(SalesforceException.class);
    assertThat(((SalesforceException) failure.getCause()).getStatusCode()).isEqualTo(400);
    assertThat(failure.getCause().getMessage()).contains("REQUIRED_FIELD_MISSING");
  }

  @Test
  void reLogsInAfterTheSessionExpires() throws Exception {
    ProducerTemplate producer = camel.createProducerTemplate();
    String uri = "salesforce:query?sObjectQuery=SELECT COUNT() FROM Account";
    producer.requestBody(uri, null, String.class);

    simulator.expireAllTokens();
    String afterExpiry = producer.requestBody(uri, null, String.class);

    assertThat(SimulatorServer.JSON.readTree(afterExpiry).get("totalSize").asInt()).isEqualTo(100);
    assertThat(
            simulator.journal().stream()
                .filter(e -> e.path().equals("/services/oauth2/token"))
                .count())
        .isEqualTo(2);
  }

  @Test
  void consumesContactChangeEventsAndResumesFromAStoredReplayId() throws Exception {
    List<Exchange> received = new CopyOnWriteArrayList<>();
    CamelContext consumer = camelContext(subscription("-1", received));
    consumer.start();
    List<Map<String, Object>> contacts = simulator.records("Contact");
    String firstId = contacts.get(0).get("Id").toString();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> isSubscribed(CONTACT_CHANNEL));
      update(firstId, "{\"Phone\":\"+49 30 555\"}");
      await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
    } finally {
      consumer.stop();
    }
    Exchange first = received.get(0);
    assertThat(first.getMessage().getHeader("CamelSalesforceChangeType")).isEqualTo("UPDATE");
    assertThat(first.getMessage().getHeader("CamelSalesforceEntityName")).isEqualTo("Contact");
    assertThat(first.getMessage().getHeader("CamelSalesforceRecordIds", List.class))
        .containsExactly(firstId);
    // with rawPayload the body is the whole Bayeux message
    JsonNode message = SimulatorServer.JSON.readTree(first.getMessage().getBody(String.class));
    assertThat(message.path("channel").asText()).isEqualTo(CONTACT_CHANNEL);
    assertThat(message.path("data").path("payload").path("Phone").asText()).isEqualTo("+49 30 555");
    assertThat(message.path("data").path("payload").path("ChangeEventHeader").path("changedFields"))
        .extracting(JsonNode::asText)
        .contains("Phone", "LastModifiedDate");
    long storedReplayId = first.getMessage().getHeader("CamelSalesforceReplayId", Long.class);

    // changes made while the consumer is down must arrive after it resumes
    String secondId = contacts.get(1).get("Id").toString();
    String thirdId = contacts.get(2).get("Id").toString();
    update(secondId, "{\"Phone\":\"+49 30 556\"}");
    update(thirdId, "{\"HasOptedOutOfEmail\":true}");
    update(
        simulator.records("Account").get(0).get("Id").toString(), "Account", "{\"Phone\":\"1\"}");

    List<Exchange> resumed = new CopyOnWriteArrayList<>();
    CamelContext restarted = camelContext(subscription(String.valueOf(storedReplayId), resumed));
    restarted.start();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  resumed.stream()
                          .map(e -> e.getMessage().getHeader("CamelSalesforceReplayId"))
                          .distinct()
                          .count()
                      >= 2);
    } finally {
      restarted.stop();
    }
    // at least once, as Salesforce delivers: a re-subscription (after a re-handshake) replays from
    // the stored ID again, so an event may come twice, each time with its replay ID
    Map<Long, Object> byReplayId = new TreeMap<>();
    resumed.forEach(
        e ->
            byReplayId.putIfAbsent(
                e.getMessage().getHeader("CamelSalesforceReplayId", Long.class),
                e.getMessage().getHeader("CamelSalesforceRecordIds", List.class).get(0)));
    assertThat(byReplayId.values()).containsExactly(secondId, thirdId);
    assertThat(byReplayId.keySet()).allMatch(replayId -> replayId > storedReplayId);
  }

  @Test
  void streamingConsumerLogsInAgainAfterTheSessionExpiresAndMissesNothing() throws Exception {
    List<Exchange> received = new CopyOnWriteArrayList<>();
    CamelContext consumer = camelContext(subscription("-1", received));
    consumer.start();
    List<Map<String, Object>> contacts = simulator.records("Contact");
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> isSubscribed(CONTACT_CHANNEL));
      update(contacts.get(5).get("Id").toString(), "{\"Title\":\"before expiry\"}");
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);

      simulator.expireAllTokens();
      // made while the consumer's session is dead: it must still arrive after re-login
      update(contacts.get(6).get("Id").toString(), "{\"Title\":\"during expiry\"}");

      await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 2);
    } finally {
      consumer.stop();
    }
    assertThat(received.get(1).getMessage().getHeader("CamelSalesforceRecordIds", List.class))
        .containsExactly(contacts.get(6).get("Id").toString());
    assertThat(
            simulator.journal().stream()
                .filter(e -> e.path().equals("/services/oauth2/token"))
                .count())
        .as("producer: login and re-login; consumer: login and re-login")
        .isEqualTo(4);
  }

  private RouteBuilder subscription(String replayId, List<Exchange> sink) {
    return new RouteBuilder() {
      @Override
      public void configure() {
        from("salesforce:subscribe:" + CONTACT_CHANNEL + "?replayId=" + replayId)
            .routeId("contact-change-events")
            .process(exchange -> sink.add(exchange.copy()));
      }
    };
  }

  private boolean isSubscribed(String channel) throws Exception {
    JsonNode state = SimulatorServer.JSON.valueToTree(stateOf());
    for (JsonNode client : state.path("streaming").path("clients")) {
      for (JsonNode subscribed : client.path("channels")) {
        if (subscribed.asText().equals(channel)) {
          return true;
        }
      }
    }
    return false;
  }

  private Object stateOf() throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(simulator.baseUrl() + "/__admin/state"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return SimulatorServer.JSON.readTree(response.body());
  }

  private void update(String id, String json) {
    update(id, "Contact", json);
  }

  private void update(String id, String type, String json) {
    camel
        .createProducerTemplate()
        .requestBody(
            "salesforce:updateSObject?sObjectName=" + type + "&sObjectId=" + id,
            json,
            String.class);
  }
}
