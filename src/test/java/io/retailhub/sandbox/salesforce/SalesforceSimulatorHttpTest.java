package io.retailhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.support.SimulatorServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the Salesforce simulator's HTTP surface with a plain JDK HTTP client. */
class SalesforceSimulatorHttpTest {

  private static final String DATA = "/services/data/v62.0";

  private final HttpClient http = HttpClient.newHttpClient();
  private SalesforceSimulator simulator;
  private String token;

  @BeforeEach
  void start() throws Exception {
    simulator = new SalesforceSimulator(0, RetailSeed.standard()).start();
    token = passwordLogin().get("access_token").asText();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  // ---------------------------------------------------------------- OAuth

  @Test
  void passwordGrantAnswersTheShapeCamelSalesforceNeeds() throws Exception {
    JsonNode login = passwordLogin();

    assertThat(login.get("instance_url").asText()).isEqualTo(simulator.baseUrl());
    assertThat(login.get("id").asText())
        .isEqualTo(simulator.baseUrl() + "/id/00D000000000001AAA/005000000000001AAA");
    assertThat(login.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(login.get("issued_at").asText()).matches("\\d{13}");
    assertThat(login.get("signature").asText()).isNotBlank();
  }

  @Test
  void clientCredentialsAndJwtBearerGrantsIssueTokens() throws Exception {
    HttpResponse<String> credentials =
        form(
            "/services/oauth2/token",
            Map.of(
                "grant_type", "client_credentials",
                "client_id", SalesforceSimulator.DEFAULT_CLIENT_ID,
                "client_secret", SalesforceSimulator.DEFAULT_CLIENT_SECRET));
    assertThat(credentials.statusCode()).isEqualTo(200);

    String header = b64("{\"alg\":\"RS256\"}");
    String claims =
        b64(
            "{\"iss\":\""
                + SalesforceSimulator.DEFAULT_CLIENT_ID
                + "\",\"sub\":\""
                + SalesforceSimulator.DEFAULT_USERNAME
                + "\",\"aud\":\"https://login.salesforce.com\",\"exp\":"
                + (Instant.now().getEpochSecond() + 300)
                + "}");
    HttpResponse<String> jwt =
        form(
            "/services/oauth2/token",
            Map.of(
                "grant_type",
                SalesforceSimulator.JWT_BEARER,
                "assertion",
                header + "." + claims + "." + b64("not-verified")));
    assertThat(jwt.statusCode()).isEqualTo(200);
    assertThat(json(jwt).get("access_token").asText()).isNotBlank();

    String foreignIssuer = b64("{\"iss\":\"someone-else\",\"sub\":\"x\"}");
    HttpResponse<String> refused =
        form(
            "/services/oauth2/token",
            Map.of(
                "grant_type",
                SalesforceSimulator.JWT_BEARER,
                "assertion",
                header + "." + foreignIssuer + ".sig"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("error").asText()).isEqualTo("invalid_client_id");
  }

  @Test
  void wrongPasswordIsRefusedWithInvalidGrant() throws Exception {
    HttpResponse<String> response =
        form(
            "/services/oauth2/token",
            Map.of(
                "grant_type", "password",
                "client_id", SalesforceSimulator.DEFAULT_CLIENT_ID,
                "client_secret", SalesforceSimulator.DEFAULT_CLIENT_SECRET,
                "username", SalesforceSimulator.DEFAULT_USERNAME,
                "password", "wrong"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void expiredRevokedAndUnknownTokensGetInvalidSessionId() throws Exception {
    assertThat(get(DATA + "/limits").statusCode()).isEqualTo(200);

    simulator.expireAllTokens();
    HttpResponse<String> expired = get(DATA + "/limits");
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(json(expired).get(0).get("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
    assertThat(json(expired).get(0).get("message").asText())
        .isEqualTo("Session expired or invalid");

    token = passwordLogin().get("access_token").asText();
    simulator.clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(3)));
    assertThat(get(DATA + "/limits").statusCode()).as("past the 2 h TTL").isEqualTo(401);
    simulator.clock(Clock.systemUTC());

    token = passwordLogin().get("access_token").asText();
    assertThat(form("/services/oauth2/revoke", Map.of("token", token)).statusCode()).isEqualTo(200);
    assertThat(get(DATA + "/limits").statusCode()).isEqualTo(401);
  }

  // ---------------------------------------------------------------- sObject rows

  @Test
  void seedHasCustomersProductsAndOrdersWithHalfTheGoldenIdsMissing() throws Exception {
    JsonNode accounts = json(get(DATA + "/query/?q=" + enc("SELECT COUNT() FROM Account")));
    JsonNode withGolden =
        json(
            get(
                DATA
                    + "/query?q="
                    + enc("SELECT Id FROM Contact WHERE Golden_Customer_Id__c != null")));
    JsonNode products = json(get(DATA + "/query?q=" + enc("SELECT COUNT() FROM Product2")));
    JsonNode orders = json(get(DATA + "/query?q=" + enc("SELECT COUNT() FROM Order")));

    assertThat(accounts.get("totalSize").asInt()).isEqualTo(100);
    assertThat(withGolden.get("totalSize").asInt()).isEqualTo(50);
    assertThat(products.get("totalSize").asInt()).isEqualTo(50);
    assertThat(orders.get("totalSize").asInt()).isEqualTo(RetailSeed.standard().orders().size());
    RetailSeed.Customer first = RetailSeed.standard().customers().get(0);
    JsonNode contact = json(get(DATA + "/sobjects/Contact/" + first.salesforceContactId()));
    assertThat(contact.get("Email").asText()).isEqualTo(first.email());
    assertThat(contact.get("attributes").get("type").asText()).isEqualTo("Contact");
  }

  @Test
  void createReadUpdateDeleteAnAccount() throws Exception {
    HttpResponse<String> created = post(DATA + "/sobjects/Account", "{\"Name\":\"Hub Test GmbH\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).get("id").asText();
    assertThat(id).hasSize(18).startsWith("001");
    assertThat(json(created).get("success").asBoolean()).isTrue();
    assertThat(json(created).get("errors")).isEmpty();

    JsonNode read = json(get(DATA + "/sobjects/Account/" + id + "?fields=Name,CreatedDate"));
    assertThat(read.get("Name").asText()).isEqualTo("Hub Test GmbH");
    assertThat(read.get("CreatedDate").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    assertThat(read.get("attributes").get("url").asText())
        .isEqualTo(DATA + "/sobjects/Account/" + id);
    assertThat(read.has("Phone")).as("only the asked fields").isFalse();

    assertThat(patch(DATA + "/sobjects/Account/" + id, "{\"Phone\":\"+49 30 1\"}").statusCode())
        .isEqualTo(204);
    assertThat(simulator.record(id).orElseThrow().get("Phone")).isEqualTo("+49 30 1");

    assertThat(send("DELETE", DATA + "/sobjects/Account/" + id, null).statusCode()).isEqualTo(204);
    assertThat(get(DATA + "/sobjects/Account/" + id).statusCode()).isEqualTo(404);
    JsonNode all =
        json(
            get(
                DATA
                    + "/queryAll?q="
                    + enc("SELECT Id, IsDeleted FROM Account WHERE Id = '" + id + "'")));
    assertThat(all.get("records").get(0).get("IsDeleted").asBoolean()).isTrue();
  }

  @Test
  void validationErrorsHaveSalesforceShape() throws Exception {
    HttpResponse<String> missing = post(DATA + "/sobjects/Account", "{\"Phone\":\"1\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(json(missing).get(0).get("message").asText())
        .isEqualTo("Required fields are missing: [Name]");
    assertThat(json(missing).get(0).get("fields").get(0).asText()).isEqualTo("Name");

    String account = RetailSeed.standard().customers().get(0).salesforceAccountId();
    HttpResponse<String> picklist =
        post(
            DATA + "/sobjects/Order",
            "{\"AccountId\":\""
                + account
                + "\",\"EffectiveDate\":\"2026-11-01\",\"Status\":\"Teleported\"}");
    assertThat(picklist.statusCode()).isEqualTo(400);
    assertThat(json(picklist).get(0).get("errorCode").asText())
        .isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");

    HttpResponse<String> unknownField =
        post(DATA + "/sobjects/Account", "{\"Name\":\"x\",\"Nope__c\":1}");
    assertThat(json(unknownField).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");

    HttpResponse<String> pendingErp =
        post(
            DATA + "/sobjects/Order",
            "{\"AccountId\":\""
                + account
                + "\",\"EffectiveDate\":\"2026-11-01\",\"Status\":\"Pending ERP\"}");
    assertThat(pendingErp.statusCode()).isEqualTo(201);
    assertThat(json(pendingErp).get("id").asText()).startsWith("801");
  }

  @Test
  void upsertByExternalIdCreatesUpdatesAndReportsMultipleMatches() throws Exception {
    String url = DATA + "/sobjects/Inventory_Position__c/Position_Key__c/SKU-0001@S001";
    String body =
        "{\"SKU__c\":\"SKU-0001\",\"Location__c\":\"S001\",\"On_Hand__c\":12,\"Available__c\":10}";

    HttpResponse<String> created = patch(url, body);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).get("created").asBoolean()).isTrue();
    String id = json(created).get("id").asText();
    assertThat(id).startsWith("a0X").hasSize(18);

    HttpResponse<String> updated = patch(url, "{\"On_Hand__c\":7}");
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(json(updated).get("created").asBoolean()).isFalse();
    assertThat(json(updated).get("id").asText()).isEqualTo(id);
    assertThat(
            simulator
                .record("Inventory_Position__c", "Position_Key__c", "SKU-0001@S001")
                .orElseThrow())
        .containsEntry("On_Hand__c", new java.math.BigDecimal("7"));

    String accountId = RetailSeed.standard().customers().get(1).salesforceAccountId();
    post(
        DATA + "/sobjects/Contact",
        "{\"LastName\":\"Twin\",\"Golden_Customer_Id__c\":\"GOLD-TWIN\",\"AccountId\":\""
            + accountId
            + "\"}");
    post(
        DATA + "/sobjects/Contact",
        "{\"LastName\":\"Twin\",\"Golden_Customer_Id__c\":\"GOLD-TWIN\"}");
    HttpResponse<String> ambiguous =
        patch(DATA + "/sobjects/Contact/Golden_Customer_Id__c/GOLD-TWIN", "{\"FirstName\":\"A\"}");
    assertThat(ambiguous.statusCode()).isEqualTo(300);
    assertThat(json(ambiguous)).hasSize(2);
  }

  // ---------------------------------------------------------------- SOQL

  @Test
  void soqlFiltersOrdersAndPages() throws Exception {
    JsonNode page =
        json(
            get(
                DATA
                    + "/query/?q="
                    + enc(
                        "SELECT Id, Name, Email FROM Contact WHERE (MailingCity = 'berlin' OR MailingCity IN ('Hamburg'))"
                            + " AND Email LIKE '%@example.com' AND HasOptedOutOfEmail = false"
                            + " ORDER BY LastName DESC NULLS LAST, FirstName LIMIT 5 OFFSET 1")));
    assertThat(page.get("records").size()).isBetween(1, 5);
    List<String> lastNames = new ArrayList<>();
    page.get("records").forEach(r -> lastNames.add(r.get("Name").asText().split(" ")[1]));
    assertThat(lastNames).isSortedAccordingTo(java.util.Comparator.reverseOrder());

    JsonNode recent =
        json(
            get(
                DATA
                    + "/query?q="
                    + enc(
                        "SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:400 AND LastModifiedDate < TOMORROW")));
    assertThat(recent.get("totalSize").asInt()).isEqualTo(100);
    JsonNode today =
        json(get(DATA + "/query?q=" + enc("SELECT Id FROM Account WHERE CreatedDate = TODAY")));
    assertThat(today.get("totalSize").asInt()).isZero();
    JsonNode after =
        json(
            get(
                DATA
                    + "/query?q="
                    + enc("SELECT Id FROM Order WHERE CreatedDate > 2026-10-10T00:00:00Z")));
    long expected =
        RetailSeed.standard().orders().stream()
            .filter(o -> o.createdAt().isAfter(Instant.parse("2026-10-10T00:00:00Z")))
            .count();
    assertThat(after.get("totalSize").asLong()).isEqualTo(expected);

    JsonNode parent =
        json(
            get(
                DATA
                    + "/query?q="
                    + enc(
                        "SELECT Id, Account.Name FROM Contact WHERE Account.Name LIKE 'Ada%' LIMIT 1")));
    assertThat(parent.get("records").get(0).get("Account").get("Name").asText()).startsWith("Ada");

    HttpResponse<String> malformed = get(DATA + "/query?q=" + enc("SELECT FROM Account"));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).get(0).get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
    HttpResponse<String> badField = get(DATA + "/query?q=" + enc("SELECT Bogus FROM Account"));
    assertThat(json(badField).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
  }

  @Test
  void queryMoreFollowsNextRecordsUrlWithTheRequestedBatchSize() throws Exception {
    List<String> ids = new ArrayList<>();
    HttpRequest request =
        authorized(DATA + "/query/?q=" + enc("SELECT Id FROM Contact ORDER BY Id"))
            .header("Sforce-Query-Options", "batchSize=200")
            .GET()
            .build();
    createContacts(150);
    JsonNode page = json(http.send(request, HttpResponse.BodyHandlers.ofString()));
    assertThat(page.get("totalSize").asInt()).isEqualTo(250);
    assertThat(page.get("done").asBoolean()).isFalse();
    assertThat(page.get("records").size()).isEqualTo(200);
    page.get("records").forEach(r -> ids.add(r.get("Id").asText()));
    String next = page.get("nextRecordsUrl").asText();
    assertThat(next).matches("/services/data/v62\\.0/query/01g\\w{15}-200");
    JsonNode rest = json(get(next));
    assertThat(rest.get("done").asBoolean()).isTrue();
    rest.get("records").forEach(r -> ids.add(r.get("Id").asText()));
    assertThat(ids).hasSize(250).doesNotHaveDuplicates().isSorted();
  }

  // ---------------------------------------------------------------- Composite and collections

  @Test
  void compositeResolvesReferencesAndRollsBackAllOrNone() throws Exception {
    String ok =
        """
        {"allOrNone":true,"compositeRequest":[
          {"method":"POST","url":"/services/data/v62.0/sobjects/Account","referenceId":"acct","body":{"Name":"Composite AG"}},
          {"method":"POST","url":"/services/data/v62.0/sobjects/Contact","referenceId":"ct","body":{"LastName":"Ref","AccountId":"@{acct.id}"}},
          {"method":"GET","url":"/services/data/v62.0/sobjects/Contact/@{ct.id}?fields=AccountId","referenceId":"read"}
        ]}""";
    JsonNode result = json(post(DATA + "/composite", ok)).get("compositeResponse");
    assertThat(result.get(0).get("httpStatusCode").asInt()).isEqualTo(201);
    assertThat(result.get(2).get("body").get("AccountId").asText())
        .isEqualTo(result.get(0).get("body").get("id").asText());

    int accountsBefore = simulator.records("Account").size();
    String failing =
        """
        {"allOrNone":true,"compositeRequest":[
          {"method":"POST","url":"/services/data/v62.0/sobjects/Account","referenceId":"a1","body":{"Name":"Rolled Back"}},
          {"method":"POST","url":"/services/data/v62.0/sobjects/Account","referenceId":"a2","body":{"Phone":"no name"}}
        ]}""";
    JsonNode rolled = json(post(DATA + "/composite", failing)).get("compositeResponse");
    assertThat(rolled.get(0).get("httpStatusCode").asInt()).isEqualTo(400);
    assertThat(rolled.get(0).get("body").get(0).get("errorCode").asText())
        .isEqualTo("PROCESSING_HALTED");
    assertThat(rolled.get(1).get("body").get(0).get("errorCode").asText())
        .isEqualTo("REQUIRED_FIELD_MISSING");
    assertThat(simulator.records("Account")).hasSize(accountsBefore);

    StringBuilder tooMany = new StringBuilder("{\"compositeRequest\":[");
    for (int i = 0; i < 26; i++) {
      tooMany
          .append(i == 0 ? "" : ",")
          .append("{\"method\":\"GET\",\"url\":\"/services/data/v62.0/limits\",\"referenceId\":\"r")
          .append(i)
          .append("\"}");
    }
    HttpResponse<String> refused = post(DATA + "/composite", tooMany + "]}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get(0).get("errorCode").asText()).isEqualTo("LIMIT_EXCEEDED");
  }

  @Test
  void collectionsHonourAllOrNoneAndTheTwoHundredRecordLimit() throws Exception {
    String partial =
        """
        {"allOrNone":false,"records":[
          {"attributes":{"type":"Account"},"Name":"Kept"},
          {"attributes":{"type":"Account"},"Phone":"nameless"}]}""";
    JsonNode results = json(post(DATA + "/composite/sobjects", partial));
    assertThat(results.get(0).get("success").asBoolean()).isTrue();
    assertThat(results.get(1).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("REQUIRED_FIELD_MISSING");

    int before = simulator.records("Account").size();
    JsonNode all = json(post(DATA + "/composite/sobjects", partial.replace("false", "true")));
    assertThat(all.get(0).get("errors").get(0).get("statusCode").asText())
        .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
    assertThat(simulator.records("Account")).hasSize(before);

    StringBuilder upserts = new StringBuilder("{\"allOrNone\":true,\"records\":[");
    for (int i = 1; i <= 3; i++) {
      upserts
          .append(i == 1 ? "" : ",")
          .append(
              "{\"attributes\":{\"type\":\"Inventory_Position__c\"},\"Position_Key__c\":\"SKU-000")
          .append(i)
          .append("@WH01\",\"On_Hand__c\":")
          .append(i)
          .append("}");
    }
    JsonNode upserted =
        json(
            patch(
                DATA + "/composite/sobjects/Inventory_Position__c/Position_Key__c",
                upserts + "]}"));
    assertThat(upserted).hasSize(3);
    upserted.forEach(r -> assertThat(r.get("created").asBoolean()).isTrue());
    JsonNode again =
        json(
            patch(
                DATA + "/composite/sobjects/Inventory_Position__c/Position_Key__c",
                upserts + "]}"));
    again.forEach(r -> assertThat(r.get("created").asBoolean()).isFalse());

    StringBuilder tooMany = new StringBuilder("{\"records\":[");
    for (int i = 0; i < 201; i++) {
      tooMany
          .append(i == 0 ? "" : ",")
          .append("{\"attributes\":{\"type\":\"Account\"},\"Name\":\"n")
          .append(i)
          .append("\"}");
    }
    HttpResponse<String> refused = post(DATA + "/composite/sobjects", tooMany + "]}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get(0).get("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
  }

  // ---------------------------------------------------------------- limits and faults

  @Test
  void apiBudgetIsReportedAndEnforced() throws Exception {
    HttpResponse<String> limits = get(DATA + "/limits");
    long used = simulator.apiCallCount();
    assertThat(limits.headers().firstValue("Sforce-Limit-Info"))
        .hasValue("api-usage=" + used + "/100000");
    assertThat(json(limits).get("DailyApiRequests").get("Remaining").asLong())
        .isEqualTo(100000 - used);

    HttpResponse<String> budget =
        send("PUT", "/__admin/salesforce/limits", "{\"max\":1000,\"remaining\":1}");
    assertThat(budget.statusCode()).isEqualTo(200);
    assertThat(get(DATA + "/limits").statusCode()).isEqualTo(200);
    HttpResponse<String> spent = get(DATA + "/limits");
    assertThat(spent.statusCode()).isEqualTo(403);
    assertThat(json(spent).get(0).get("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    assertThat(json(spent).get(0).get("message").asText())
        .isEqualTo("TotalRequests Limit exceeded.");
  }

  @Test
  void faultInjectorAndStateViewWork() throws Exception {
    simulator.faults().outage(true);
    assertThat(get(DATA + "/limits").statusCode()).isEqualTo(503);
    simulator.faults().clear();

    JsonNode state = json(get("/__admin/state"));
    assertThat(state.get("recordCounts").get("Account").asInt()).isEqualTo(100);
    assertThat(state.get("records").get("Product2")).hasSize(50);
    assertThat(state.get("tokens").get("active").asInt()).isEqualTo(1);
  }

  @Test
  void describesObjectsAndResources() throws Exception {
    JsonNode resources = json(get(DATA + "/"));
    assertThat(resources.get("query").asText()).isEqualTo(DATA + "/query");

    JsonNode describe = json(get(DATA + "/sobjects/Order/describe"));
    assertThat(describe.get("keyPrefix").asText()).isEqualTo("801");
    JsonNode status = null;
    for (JsonNode field : describe.get("fields")) {
      if (field.get("name").asText().equals("Status")) {
        status = field;
      }
    }
    assertThat(status).isNotNull();
    assertThat(status.get("picklistValues"))
        .extracting(v -> v.get("value").asText())
        .contains("Pending ERP", "Delivered");
    assertThat(get(DATA + "/sobjects/Nope__c/describe").statusCode()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- helpers

  private void createContacts(int count) throws Exception {
    for (int start = 0; start < count; start += 100) {
      StringBuilder body = new StringBuilder("{\"allOrNone\":true,\"records\":[");
      for (int i = start; i < Math.min(count, start + 100); i++) {
        body.append(i == start ? "" : ",")
            .append("{\"attributes\":{\"type\":\"Contact\"},\"LastName\":\"Bulk")
            .append(i)
            .append("\"}");
      }
      assertThat(post(DATA + "/composite/sobjects", body + "]}").statusCode()).isEqualTo(200);
    }
  }

  private JsonNode passwordLogin() throws Exception {
    HttpResponse<String> response =
        form(
            "/services/oauth2/token",
            Map.of(
                "grant_type", "password",
                "client_id", SalesforceSimulator.DEFAULT_CLIENT_ID,
                "client_secret", SalesforceSimulator.DEFAULT_CLIENT_SECRET,
                "username", SalesforceSimulator.DEFAULT_USERNAME,
                "password", SalesforceSimulator.DEFAULT_PASSWORD + "SECURITYTOKEN"));
    assertThat(response.statusCode()).isEqualTo(200);
    return json(response);
  }

  private HttpResponse<String> form(String path, Map<String, String> fields) throws Exception {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  private HttpResponse<String> patch(String path, String body) throws Exception {
    return send("PATCH", path, body);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    return http.send(
        authorized(path).method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return SimulatorServer.JSON.readTree(response.body());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String b64(String value) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
