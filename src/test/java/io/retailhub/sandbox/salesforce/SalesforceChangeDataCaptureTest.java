package io.retailhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.it.SalesforceUser;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.SimulatorServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Change Data Capture at the wire level: a minimal Bayeux client over plain HTTP checks the event
 * shape, transactions, replay options and the Streaming API's error answers.
 */
class SalesforceChangeDataCaptureTest {

  private static final String DATA = "/services/data/v62.0";

  private final HttpClient http = HttpClient.newHttpClient();
  private SalesforceSimulator simulator;
  private String token;

  @BeforeEach
  void start() throws Exception {
    simulator = new SalesforceSimulator(0, RetailSeed.standard()).start();
    token = SalesforceUser.token(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void compositeChangesShareOneTransactionAndReplayFromTheStart() throws Exception {
    String caseId =
        data("POST", DATA + "/sobjects/Case", "{\"Subject\":\"to be deleted\"}").get("id").asText();
    String orderId = RetailSeed.salesforceId("801", 1);
    data(
        "POST",
        DATA + "/composite",
        """
        {"allOrNone":true,"compositeRequest":[
          {"method":"POST","url":"/services/data/v62.0/sobjects/Account","referenceId":"a","body":{"Name":"CDC AG"}},
          {"method":"POST","url":"/services/data/v62.0/sobjects/Contact","referenceId":"c","body":{"LastName":"Cdc","AccountId":"@{a.id}"}},
          {"method":"PATCH","url":"/services/data/v62.0/sobjects/Order/%s","referenceId":"o","body":{"Status":"Shipped","Tracking_Number__c":null}},
          {"method":"DELETE","url":"/services/data/v62.0/sobjects/Case/%s","referenceId":"d"},
          {"method":"PATCH","url":"/services/data/v62.0/sobjects/Product2/%s","referenceId":"p","body":{"Description":"no CDC for products"}}
        ]}"""
            .formatted(orderId, caseId, RetailSeed.salesforceId("01t", 1)));

    String clientId = handshake();
    JsonNode subscribed =
        bayeux(
                "{\"channel\":\"/meta/subscribe\",\"clientId\":\""
                    + clientId
                    + "\",\"subscription\":\"/data/ChangeEvents\",\"ext\":{\"replay\":{\"/data/ChangeEvents\":-2}}}")
            .get(0);
    assertThat(subscribed.get("successful").asBoolean()).isTrue();
    List<JsonNode> events = connect(clientId);

    assertThat(events)
        .extracting(e -> e.get("channel").asText())
        .containsOnly("/data/ChangeEvents");
    List<JsonNode> headers =
        events.stream().map(e -> e.path("data").path("payload").path("ChangeEventHeader")).toList();
    assertThat(headers)
        .extracting(h -> h.get("entityName").asText() + ":" + h.get("changeType").asText())
        .containsExactly(
            "Case:CREATE", "Account:CREATE", "Contact:CREATE", "Order:UPDATE", "Case:DELETE");
    List<JsonNode> composite = headers.subList(1, 5);
    assertThat(composite)
        .extracting(h -> h.get("transactionKey").asText())
        .containsOnly(composite.get(0).get("transactionKey").asText());
    assertThat(composite)
        .extracting(h -> h.get("sequenceNumber").asInt())
        .containsExactly(1, 2, 3, 4);
    assertThat(composite)
        .extracting(h -> h.get("commitNumber").asLong())
        .containsOnly(composite.get(0).get("commitNumber").asLong());
    JsonNode orderUpdate = events.get(3).path("data").path("payload");
    assertThat(orderUpdate.get("ChangeEventHeader").get("changedFields"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("Status", "Tracking_Number__c", "LastModifiedDate");
    assertThat(orderUpdate.get("ChangeEventHeader").get("nulledFields"))
        .extracting(JsonNode::asText)
        .containsExactly("Tracking_Number__c");
    assertThat(orderUpdate.get("Status").asText()).isEqualTo("Shipped");
    assertThat(events.get(1).path("data").path("payload").get("Name").asText()).isEqualTo("CDC AG");
    List<Long> replayIds = new ArrayList<>();
    events.forEach(e -> replayIds.add(e.path("data").path("event").path("replayId").asLong()));
    assertThat(replayIds).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void replayFromAStoredIdDeliversOnlyLaterEventsOfTheChannel() throws Exception {
    String contactId = RetailSeed.standard().customers().get(0).salesforceContactId();
    data("PATCH", DATA + "/sobjects/Contact/" + contactId, "{\"Title\":\"one\"}");
    long stored = simulator.changeEvents().get(0).replayId();
    data(
        "PATCH",
        DATA
            + "/sobjects/Account/"
            + RetailSeed.standard().customers().get(0).salesforceAccountId(),
        "{\"Phone\":\"2\"}");
    data("PATCH", DATA + "/sobjects/Contact/" + contactId, "{\"Title\":\"two\"}");

    String clientId = handshake();
    bayeux(
        "{\"channel\":\"/meta/subscribe\",\"clientId\":\""
            + clientId
            + "\",\"subscription\":\"/data/ContactChangeEvent\",\"ext\":{\"replay\":{\"/data/ContactChangeEvent\":"
            + stored
            + "}}}");
    List<JsonNode> events = connect(clientId);

    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("data").path("payload").path("Title").asText()).isEqualTo("two");

    JsonNode invalid =
        bayeux(
                "{\"channel\":\"/meta/subscribe\",\"clientId\":\""
                    + clientId
                    + "\",\"subscription\":\"/data/CaseChangeEvent\",\"ext\":{\"replay\":{\"/data/CaseChangeEvent\":987654}}}")
            .get(0);
    assertThat(invalid.get("successful").asBoolean()).isFalse();
    assertThat(invalid.get("error").asText())
        .startsWith("400::The replayId {987654} you provided was invalid");

    JsonNode unknown =
        bayeux(
                "{\"channel\":\"/meta/subscribe\",\"clientId\":\""
                    + clientId
                    + "\",\"subscription\":\"/data/Inventory_Position__ChangeEvent\"}")
            .get(0);
    assertThat(unknown.get("successful").asBoolean())
        .as("CDC is not enabled for the inventory object")
        .isFalse();
  }

  @Test
  void rolledBackWritesEmitNothingAndNewOnlySubscribersSeeOnlyNewEvents() throws Exception {
    String clientId = handshake();
    bayeux(
        "{\"channel\":\"/meta/subscribe\",\"clientId\":\""
            + clientId
            + "\",\"subscription\":\"/data/AccountChangeEvent\",\"ext\":{\"replay\":{\"/data/AccountChangeEvent\":-1}}}");
    data(
        "POST",
        DATA + "/composite/sobjects",
        "{\"allOrNone\":true,\"records\":[{\"attributes\":{\"type\":\"Account\"},\"Name\":\"ok\"},{\"attributes\":{\"type\":\"Account\"}}]}");
    assertThat(simulator.changeEvents()).isEmpty();

    data("POST", DATA + "/sobjects/Account", "{\"Name\":\"Fresh\"}");
    List<JsonNode> events = connect(clientId);

    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("channel").asText()).isEqualTo("/data/AccountChangeEvent");
  }

  @Test
  void anInvalidSessionIsDeniedAtHandshake() throws Exception {
    token = "00D000000000001!expired";
    JsonNode reply =
        bayeux(
                "{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\"]}")
            .get(0);

    assertThat(reply.get("successful").asBoolean()).isFalse();
    assertThat(reply.get("error").asText()).isEqualTo("403::Handshake denied");
    assertThat(reply.path("ext").path("sfdc").path("failureReason").asText())
        .isEqualTo("401::Authentication invalid");
  }

  private String handshake() throws Exception {
    JsonNode reply =
        bayeux(
                "{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\"],\"ext\":{\"replay\":true}}")
            .get(0);
    assertThat(reply.get("successful").asBoolean()).isTrue();
    assertThat(reply.path("ext").path("replay").asBoolean()).isTrue();
    return reply.get("clientId").asText();
  }

  /** One connect that returns at once (advice timeout 0) with whatever is queued. */
  private List<JsonNode> connect(String clientId) throws Exception {
    JsonNode replies =
        bayeux(
            "{\"channel\":\"/meta/connect\",\"clientId\":\""
                + clientId
                + "\",\"connectionType\":\"long-polling\",\"advice\":{\"timeout\":0}}");
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode reply : replies) {
      if (reply.get("channel").asText().equals("/meta/connect")) {
        assertThat(reply.get("successful").asBoolean()).isTrue();
      } else {
        events.add(reply);
      }
    }
    return events;
  }

  private JsonNode bayeux(String message) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/cometd/62.0"))
                .header("Authorization", "OAuth " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + message + "]"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return SimulatorServer.JSON.readTree(response.body());
  }

  private JsonNode data(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    return response.body().isEmpty() ? null : SimulatorServer.JSON.readTree(response.body());
  }
}
