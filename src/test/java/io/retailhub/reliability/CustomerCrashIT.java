package io.retailhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailhub.it.LinkedCustomers;
import io.retailhub.it.SalesforceUser;
import io.retailhub.sandbox.seed.RetailSeed;
import io.retailhub.sandbox.servicedesk.ServiceDeskSimulator;
import io.retailhub.sandbox.stack.SandboxStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault test for the customer flows (issue 7, "restarting the hub mid-stream loses nothing and
 * duplicates nothing"): the packaged hub runs as its own process while a few hundred customer
 * changes are made in the three platforms' simulators as their users would make them (ERP address
 * edits over OData, service desk phone edits over its API, Salesforce name and phone edits and new
 * Contacts over REST). The hub is killed with SIGKILL while they flow and started again. Afterwards
 * every change's final value must be in every system that receives it under {@code
 * routes/customer-ownership.yaml}, each customer must have exactly one golden record and one record
 * per platform, and nothing may be dead-lettered.
 *
 * <p>The sources redeliver by themselves: the ERP and the service desk retry each webhook until it
 * gets a 2xx, Salesforce keeps its change events for a replay from the hub's stored position, and
 * Kafka redelivers what the killed hub had not committed.
 *
 * <p>Runs in failsafe's integration-test phase: {@code ./mvnw verify -Dit.test=CustomerCrashIT}.
 */
class CustomerCrashIT {
  /** Seed customers 0, 2, .., 78: pre-linked in all three systems, as matching leaves them. */
  private static final int SEED_CUSTOMERS = 40;

  /** Customers that start as new Salesforce Contacts; the hub creates their golden records. */
  private static final int NEW_CUSTOMERS = 20;

  /** One change every this many milliseconds, so the stream is still flowing at the kill. */
  private static final long CHANGE_INTERVAL_MS = 60;

  /**
   * The kill comes once this many changes were made and the hub has merged some of them: it dies
   * with changes in every stage, from webhook to platform write, and more keep coming.
   */
  private static final int KILL_AFTER_MADE = 100;

  private static final int KILL_AFTER_MERGED = 10;

  private static final String DATA = "/services/data/v62.0";
  private static final String PARTNER_SERVICE = "/sap/opu/odata/sap/API_BUSINESS_PARTNER";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static CrashTestHarness harness;
  private static SandboxStack stack;

  /** The expected final state, filled in the order the changes are made. */
  private final Map<Integer, String> finalStreet = new TreeMap<>();

  private final Map<Integer, String> finalPhone = new TreeMap<>();
  private final Map<Integer, String> finalLastName = new TreeMap<>();
  private final List<NewCustomer> newCustomers = new ArrayList<>();

  private String salesforceUserToken;
  private String erpCsrfToken;
  private String erpSessionCookie;

  /** A customer who starts as a Contact created in Salesforce by a user. */
  private static final class NewCustomer {
    final String email;
    final String firstName = "Nia";
    final String lastName;
    String createdPhone;
    String finalPhone;
    volatile String contactId;

    NewCustomer(String email, String lastName) {
      this.email = email;
      this.lastName = lastName;
    }
  }

  /** One change a platform user makes, with the description a failure message needs. */
  private record Change(String description, ChangeAction action) {}

  @FunctionalInterface
  private interface ChangeAction {
    void run() throws Exception;
  }

  @BeforeAll
  static void startStack() throws IOException {
    harness = CrashTestHarness.start("customers");
    stack = harness.stack();
  }

  @AfterAll
  static void stopStack() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aHubKilledMidStreamLosesAndDuplicatesNoCustomerChange() throws Exception {
    long startedAt = System.nanoTime();
    try {
      // the test's agent edits share the desk account's request limit with the hub's writes
      stack.serviceDesk().requestsPerMinute(3_000);
      harness.startHub();
      List<RetailSeed.Customer> seeds = linkSeedCustomers();
      salesforceUserToken = SalesforceUser.token(stack.salesforce());
      openErpSession();
      warmUp(seeds);

      List<Change> changes = plannedChanges(seeds);
      long mergedBefore = mergedChanges();
      ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger made = new AtomicInteger();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      producer.scheduleAtFixedRate(
          () -> makeNext(changes, made, failed), 0, CHANGE_INTERVAL_MS, TimeUnit.MILLISECONDS);
      long pid;
      int madeAtKill;
      long mergedAtKill;
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    failed.get() != null
                        || made.get() >= KILL_AFTER_MADE
                            && mergedChanges() - mergedBefore >= KILL_AFTER_MERGED);
        assertThat(failed.get()).as("making the changes").isNull();
        madeAtKill = made.get();
        mergedAtKill = mergedChanges() - mergedBefore;
        pid = harness.killHub();
        long killedAt = System.nanoTime();
        System.out.printf(
            "customer-crash-test: SIGKILL hub pid %d after %d of %d changes made, %d merged%n",
            pid, madeAtKill, changes.size(), mergedAtKill);
        // the platforms go on changing customers while the hub is down
        harness.startHub();
        System.out.printf(
            "customer-crash-test: hub down for %d ms, %d changes made by the restart%n",
            (System.nanoTime() - killedAt) / 1_000_000, made.get());
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> failed.get() != null || made.get() == changes.size());
        assertThat(failed.get()).as("making the changes").isNull();
      } finally {
        producer.shutdownNow();
      }
      long streamDoneAt = System.nanoTime();

      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(finalStateMismatches(seeds)).isEmpty());
      long convergedAt = System.nanoTime();

      long goldenRecords = harness.count("SELECT count(*) FROM customer_golden");
      long crossReferences = harness.count("SELECT count(*) FROM customer_xref");
      long deadLettered = harness.count("SELECT count(*) FROM dead_letter");
      long reviews = harness.count("SELECT count(*) FROM customer_review");
      long conflicts = harness.count("SELECT count(*) FROM customer_conflict");
      long mergedRecords =
          harness.count(
              "SELECT count(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'customer-merge'");
      System.out.printf(
          "customer-crash-test: changes=%d (+%d warm-up), seed customers=%d, new customers=%d,"
              + " golden records=%d, cross-references=%d, merged changes=%d, conflicts=%d,"
              + " reviews=%d, dead-lettered=%d, hub starts=%d, converged %d ms after the last"
              + " change, runtime=%d s%n",
          changes.size(),
          3,
          SEED_CUSTOMERS,
          newCustomers.size(),
          goldenRecords,
          crossReferences,
          mergedRecords,
          conflicts,
          reviews,
          deadLettered,
          harness.hubStarts(),
          (convergedAt - streamDoneAt) / 1_000_000,
          (System.nanoTime() - startedAt) / 1_000_000_000);

      // no edit in this stream conflicts with another by itself; a conflict here is a hub write
      // whose change event was taken for a platform edit (an echo the crash made unrecognisable)
      System.out.printf("customer-crash-test: conflicts by kind %s%n", conflictsByKind());
      int customers = SEED_CUSTOMERS + newCustomers.size();
      assertThat(goldenRecords).as("one golden record per customer").isEqualTo(customers);
      assertThat(crossReferences).as("three platform IDs per customer").isEqualTo(3L * customers);
      assertThat(duplicateCrossReferences()).isEmpty();
      assertThat(duplicatePlatformRecords()).isEmpty();
      assertThat(deadLettered).as("dead letters").isZero();
      assertThat(reviews).as("ambiguous matches queued for review").isZero();
      // a final state that holds for a while, not one passing on its way to another value
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> finalStateMismatches(seeds).isEmpty());
    } finally {
      harness.stopHub();
    }
  }

  // ------------------------------------------------------------------ set-up

  /**
   * Seed customers 0, 2, 4, ...: linked in the hub's cross-reference as matching leaves them. Even
   * ones, because those carry the golden ID in the service desk's external_id.
   */
  private static List<RetailSeed.Customer> linkSeedCustomers() throws SQLException {
    List<RetailSeed.Customer> seeds = new ArrayList<>();
    for (int i = 0; i < SEED_CUSTOMERS; i++) {
      RetailSeed.Customer customer = RetailSeed.standard().customers().get(2 * i);
      try (Connection connection = harness.database()) {
        LinkedCustomers.record(connection, customer, LinkedCustomers.allPlatformIds(customer));
      }
      seeds.add(customer);
    }
    return seeds;
  }

  /**
   * One change per source, each awaited: the Salesforce subscription has stored a replay position
   * (without one a restarted hub would start with new events only) and every source's path works
   * before the stream starts.
   */
  private void warmUp(List<RetailSeed.Customer> seeds) throws Exception {
    NewCustomer first = newCustomer(0);
    createContact(first);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                harness.count(
                        "SELECT count(*) FROM customer_xref x JOIN customer_golden g USING (golden_id)"
                            + " WHERE g.normalized_email = ?",
                        first.email)
                    == 3);
    RetailSeed.Customer customer = seeds.get(0);
    editErpStreet(customer, 0, "Warm-up Street 1");
    editDeskPhone(customer, 0, "+49 30 5550000");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "Warm-up Street 1"
                        .equals(contact(customer.salesforceContactId()).get("MailingStreet"))
                    && "+49 30 5550000"
                        .equals(contact(customer.salesforceContactId()).get("Phone")));
  }

  /**
   * The stream: two rounds in the same fixed random order. Round one has each seed customer's first
   * street (ERP), phone (desk) and last-name (Salesforce) edit and each new customer's Contact;
   * round two has their second edits and each new Contact's phone edit. Two edits of one attribute
   * are thus a whole round apart (seconds), more than the desk's event time resolution (a second),
   * so the source timestamps alone decide which edit is the newer however they are redelivered.
   */
  private List<Change> plannedChanges(List<RetailSeed.Customer> seeds) {
    List<List<Change>> rounds = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < seeds.size(); i++) {
      RetailSeed.Customer customer = seeds.get(i);
      int index = i;
      for (int n = 1; n <= rounds.size(); n++) {
        String street = "Crash Street " + i + "-" + n;
        String phone = String.format("+49 40 %03d%02d", i, n);
        String lastName = customer.lastName() + "-" + n;
        List<Change> round = rounds.get(n - 1);
        round.add(
            new Change(
                "ERP street " + street + " for " + customer.goldenId(),
                () -> editErpStreet(customer, index, street)));
        round.add(
            new Change(
                "desk phone " + phone + " for " + customer.goldenId(),
                () -> editDeskPhone(customer, index, phone)));
        round.add(
            new Change(
                "Salesforce last name " + lastName + " for " + customer.goldenId(),
                () -> editSalesforceLastName(customer, index, lastName)));
      }
    }
    for (int j = 1; j < NEW_CUSTOMERS; j++) {
      NewCustomer customer = newCustomer(j);
      String phone = String.format("+49 89 %05d", j);
      rounds.get(0).add(new Change("new Contact " + customer.email, () -> createContact(customer)));
      rounds
          .get(1)
          .add(
              new Change(
                  "Salesforce phone " + phone + " for " + customer.email,
                  () -> editSalesforcePhone(customer, phone)));
    }
    List<Change> changes = new ArrayList<>();
    for (List<Change> round : rounds) {
      Collections.shuffle(round, new Random(20261129L));
      changes.addAll(round);
    }
    return changes;
  }

  private NewCustomer newCustomer(int number) {
    NewCustomer customer =
        new NewCustomer(
            "nia.crash" + number + "." + System.nanoTime() % 100_000 + "@example.com",
            "Newcomer" + number);
    customer.createdPhone = String.format("+49 69 %05d", number);
    customer.finalPhone = customer.createdPhone;
    newCustomers.add(customer);
    return customer;
  }

  private void makeNext(
      List<Change> changes, AtomicInteger made, AtomicReference<Throwable> failed) {
    int next = made.get();
    if (next >= changes.size() || failed.get() != null) {
      return;
    }
    try {
      changes.get(next).action().run();
      made.incrementAndGet();
    } catch (Throwable e) {
      failed.set(new AssertionError("change failed: " + changes.get(next).description(), e));
    }
  }

  // ------------------------------------------------------------------ what platform users do

  /** An ERP user changes the partner's street: a PATCH over OData, with SAP's CSRF handshake. */
  private void editErpStreet(RetailSeed.Customer customer, int index, String street)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        stack.erp().baseUrl()
                            + PARTNER_SERVICE
                            + "/A_BusinessPartnerAddress(BusinessPartner='"
                            + customer.erpBusinessPartner()
                            + "',AddressID='1')"))
                .header("Content-Type", "application/json")
                .header("x-csrf-token", erpCsrfToken)
                .header("Cookie", erpSessionCookie)
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("StreetName", street))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("ERP PATCH: " + response.body()).isEqualTo(204);
    finalStreet.put(index, street);
  }

  private void openErpSession() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.erp().baseUrl() + PARTNER_SERVICE))
                .header("x-csrf-token", "Fetch")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    erpCsrfToken = response.headers().firstValue("x-csrf-token").orElseThrow();
    erpSessionCookie =
        response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0].trim();
  }

  /** An agent changes the user's phone in the service desk. */
  private void editDeskPhone(RetailSeed.Customer customer, int index, String phone)
      throws Exception {
    ServiceDeskSimulator desk = stack.serviceDesk();
    String token =
        Base64.getEncoder()
            .encodeToString(
                (ServiceDeskSimulator.AGENT_EMAIL + "/token:" + desk.apiToken())
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        desk.baseUrl() + "/api/v2/users/" + customer.zendeskUserId() + ".json"))
                .header("Authorization", "Basic " + token)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("user", Map.of("phone", phone)))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("desk PUT: " + response.body()).isEqualTo(200);
    finalPhone.put(index, phone);
  }

  private void editSalesforceLastName(RetailSeed.Customer customer, int index, String lastName)
      throws Exception {
    salesforce(
        "PATCH",
        "/sobjects/Contact/" + customer.salesforceContactId(),
        Map.of("LastName", lastName));
    finalLastName.put(index, lastName);
  }

  private void createContact(NewCustomer customer) throws Exception {
    JsonNode created =
        salesforce(
            "POST",
            "/sobjects/Contact",
            Map.of(
                "FirstName",
                customer.firstName,
                "LastName",
                customer.lastName,
                "Email",
                customer.email,
                "Phone",
                customer.createdPhone));
    customer.contactId = created.get("id").asText();
  }

  private void editSalesforcePhone(NewCustomer customer, String phone) throws Exception {
    salesforce("PATCH", "/sobjects/Contact/" + customer.contactId, Map.of("Phone", phone));
    customer.finalPhone = phone;
  }

  /** A REST data call as an ordinary Salesforce user (not the hub's connected app). */
  private JsonNode salesforce(String method, String path, Map<String, Object> body)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.salesforce().baseUrl() + DATA + path))
                .header("Authorization", "Bearer " + salesforceUserToken)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isLessThan(300);
    return response.body().isBlank() ? null : JSON.readTree(response.body());
  }

  // ------------------------------------------------------------------ what the systems hold

  /** Canonical changes the merge has finished (its persistent idempotent repository). */
  private static long mergedChanges() throws SQLException {
    return harness.count(
        "SELECT count(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'customer-merge'");
  }

  private static Map<String, Object> contact(String contactId) {
    return stack.salesforce().record(contactId).orElseThrow();
  }

  /**
   * Every expected final value that is not (yet) where the ownership rules send it: the ERP's
   * street (billingAddress, owner ERP) in Salesforce; the desk's phone (shared) in Salesforce and
   * the ERP; Salesforce's last name (owner Salesforce) in the ERP and the desk; a new customer's
   * phone (shared) in the ERP and the desk, and each new customer linked in all three systems.
   */
  private List<String> finalStateMismatches(List<RetailSeed.Customer> seeds) throws SQLException {
    List<String> mismatches = new ArrayList<>();
    Map<String, JsonNode> partners = erpPartners();
    Map<String, Map<String, Object>> deskUsers = deskUsersById();
    for (int i = 0; i < seeds.size(); i++) {
      RetailSeed.Customer customer = seeds.get(i);
      Map<String, Object> contact = contact(customer.salesforceContactId());
      JsonNode partner = partners.get(customer.erpBusinessPartner());
      Map<String, Object> user = deskUsers.get(String.valueOf(customer.zendeskUserId()));
      String who = customer.goldenId() + ": ";
      // each edit stays in the system it was made in (the hub must not write an older value back)
      // and reaches the systems the ownership rules name
      String street = finalStreet.get(i);
      if (street != null) {
        expect(
            mismatches, who + "ERP street", street, address(partner).path("StreetName").asText());
        expect(mismatches, who + "Salesforce MailingStreet", street, contact.get("MailingStreet"));
      }
      String phone = finalPhone.get(i);
      if (phone != null) {
        expect(mismatches, who + "desk phone", phone, user.get("phone"));
        expect(mismatches, who + "Salesforce Phone", phone, contact.get("Phone"));
        expect(mismatches, who + "ERP phone", phone, erpPhone(partner));
      }
      String lastName = finalLastName.get(i);
      if (lastName != null) {
        expect(mismatches, who + "Salesforce LastName", lastName, contact.get("LastName"));
        expect(mismatches, who + "ERP LastName", lastName, partner.path("LastName").asText());
        // the desk has one name field; the hub writes the names it holds, the last one last
        String deskName = String.valueOf(user.get("name"));
        expect(
            mismatches,
            who + "desk name (last word)",
            lastName,
            deskName.substring(deskName.lastIndexOf(' ') + 1));
      }
    }
    for (NewCustomer customer : newCustomers) {
      Map<String, String> ids = platformIdsByEmail(customer.email);
      String who = customer.email + ": ";
      if (ids.size() != 3) {
        mismatches.add(who + "linked platforms " + ids);
        continue;
      }
      expect(mismatches, who + "Salesforce contact", customer.contactId, ids.get("salesforce"));
      JsonNode partner = partners.get(ids.get("erp"));
      Map<String, Object> user = deskUsers.get(ids.get("servicedesk"));
      if (partner == null || user == null) {
        mismatches.add(who + "linked record missing: ERP " + partner + ", desk " + user);
        continue;
      }
      expect(
          mismatches, who + "ERP LastName", customer.lastName, partner.path("LastName").asText());
      expect(mismatches, who + "ERP e-mail", customer.email, erpEmail(partner));
      expect(
          mismatches,
          who + "Salesforce Phone",
          customer.finalPhone,
          contact(customer.contactId).get("Phone"));
      expect(mismatches, who + "ERP phone", customer.finalPhone, erpPhone(partner));
      expect(
          mismatches,
          who + "desk name",
          customer.firstName + " " + customer.lastName,
          user.get("name"));
      expect(mismatches, who + "desk e-mail", customer.email, user.get("email"));
      expect(mismatches, who + "desk phone", customer.finalPhone, user.get("phone"));
    }
    return mismatches;
  }

  private static void expect(List<String> mismatches, String what, Object expected, Object actual) {
    if (!String.valueOf(expected).equals(String.valueOf(actual))) {
      mismatches.add(what + " expected " + expected + " but was " + actual);
    }
  }

  /** platform -> platform ID of the golden record(s) with this e-mail. */
  private static Map<String, String> platformIdsByEmail(String email) throws SQLException {
    Map<String, String> ids = new TreeMap<>();
    try (Connection connection = harness.database();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT x.platform, x.platform_id FROM customer_xref x"
                    + " JOIN customer_golden g USING (golden_id) WHERE g.normalized_email = ?")) {
      query.setString(1, email.toLowerCase());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.merge(rows.getString(1), rows.getString(2), (a, b) -> a + "," + b);
        }
      }
    }
    return ids;
  }

  /** "attribute kind rejected-source kept-source" -> count. */
  private static Map<String, Long> conflictsByKind() throws SQLException {
    Map<String, Long> kinds = new TreeMap<>();
    try (Connection connection = harness.database();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT attribute || ' ' || kind || ' from ' || rejected_source || ' kept '"
                    + " || COALESCE(kept_source, '-'), count(*) FROM customer_conflict GROUP BY 1");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        kinds.put(rows.getString(1), rows.getLong(2));
      }
    }
    return kinds;
  }

  /** Golden records sharing an e-mail, and platform records linked to more than one of them. */
  private static List<String> duplicateCrossReferences() throws SQLException {
    List<String> duplicates = new ArrayList<>();
    try (Connection connection = harness.database();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT 'e-mail ' || normalized_email || ' in ' || count(*) || ' golden records'"
                    + " FROM customer_golden GROUP BY normalized_email HAVING count(*) > 1"
                    + " UNION ALL SELECT 'golden ' || golden_id || ' without all three platforms'"
                    + " FROM customer_golden g WHERE (SELECT count(*) FROM customer_xref x"
                    + " WHERE x.golden_id = g.golden_id) <> 3");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        duplicates.add(rows.getString(1));
      }
    }
    return duplicates;
  }

  /**
   * Records a platform holds twice for one customer: ERP partners and desk users sharing an e-mail
   * or carrying the same golden ID, Salesforce Contacts sharing an e-mail; and record counts beyond
   * the seed plus the new customers.
   */
  private List<String> duplicatePlatformRecords() throws Exception {
    List<String> duplicates = new ArrayList<>();
    int expected = RetailSeed.standard().customers().size() + newCustomers.size();
    Collection<JsonNode> partners = erpPartners().values();
    countDuplicates(
        duplicates, "ERP partners with e-mail", partners.stream().map(this::erpEmail).toList());
    if (partners.size() != expected) {
      duplicates.add("ERP partners: " + partners.size() + ", expected " + expected);
    }
    List<Map<String, Object>> users =
        deskUsersById().values().stream()
            .filter(user -> "end-user".equals(user.get("role")))
            .toList();
    countDuplicates(
        duplicates,
        "desk users with e-mail",
        users.stream().map(user -> user.get("email")).toList());
    countDuplicates(
        duplicates,
        "desk users with external_id",
        users.stream().map(user -> user.get("external_id")).filter(id -> id != null).toList());
    if (users.size() != expected) {
      duplicates.add("desk end-users: " + users.size() + ", expected " + expected);
    }
    List<Map<String, Object>> contacts = stack.salesforce().records("Contact");
    countDuplicates(
        duplicates,
        "Salesforce Contacts with e-mail",
        contacts.stream().map(contact -> contact.get("Email")).toList());
    countDuplicates(
        duplicates,
        "Salesforce Contacts with golden ID",
        contacts.stream()
            .map(contact -> contact.get("Golden_Customer_Id__c"))
            .filter(id -> id != null)
            .toList());
    if (contacts.size() != expected) {
      duplicates.add("Salesforce Contacts: " + contacts.size() + ", expected " + expected);
    }
    return duplicates;
  }

  private static void countDuplicates(List<String> duplicates, String what, List<?> values) {
    Map<String, Integer> counts = new TreeMap<>();
    values.forEach(value -> counts.merge(String.valueOf(value).toLowerCase(), 1, Integer::sum));
    counts.forEach(
        (value, count) -> {
          if (count > 1) {
            duplicates.add(what + " " + value + ": " + count);
          }
        });
  }

  /** Every business partner with its address, by partner number, read over OData. */
  private static Map<String, JsonNode> erpPartners() {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          stack.erp().baseUrl()
                              + PARTNER_SERVICE
                              + "/A_BusinessPartner?$expand=to_BusinessPartnerAddress"))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode page = JSON.readTree(response.body()).path("d");
      assertThat(page.has("__next")).as("all partners on one page").isFalse();
      Map<String, JsonNode> partners = new LinkedHashMap<>();
      page.path("results")
          .forEach(partner -> partners.put(partner.path("BusinessPartner").asText(), partner));
      return partners;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String erpEmail(JsonNode partner) {
    return address(partner)
        .path("to_EmailAddress")
        .path("results")
        .path(0)
        .path("EmailAddress")
        .asText();
  }

  private static String erpPhone(JsonNode partner) {
    return address(partner)
        .path("to_PhoneNumber")
        .path("results")
        .path(0)
        .path("PhoneNumber")
        .asText();
  }

  private static JsonNode address(JsonNode partner) {
    return partner.path("to_BusinessPartnerAddress").path("results").path(0);
  }

  /** Every service desk user by ID, read page by page over the desk's API. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> deskUsersById() {
    ServiceDeskSimulator desk = stack.serviceDesk();
    String token =
        Base64.getEncoder()
            .encodeToString(
                (ServiceDeskSimulator.AGENT_EMAIL + "/token:" + desk.apiToken())
                    .getBytes(StandardCharsets.UTF_8));
    Map<String, Map<String, Object>> users = new LinkedHashMap<>();
    String next = desk.baseUrl() + "/api/v2/users.json?per_page=100";
    try {
      for (int page = 0; next != null && page < 50; page++) {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(next))
                    .header("Authorization", "Basic " + token)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("desk users: " + response.body()).isEqualTo(200);
        Map<String, Object> body = JSON.readValue(response.body(), Map.class);
        for (Map<String, Object> user : (List<Map<String, Object>>) body.get("users")) {
          users.put(String.valueOf(user.get("id")), user);
        }
        next = (String) body.get("next_page");
      }
      return users;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
