package io.retailhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailhub.connector.throttle.OutboundThrottle;
import io.retailhub.mapping.salesforce.SalesforceInventoryMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import io.retailhub.ops.audit.AuditLog;
import io.retailhub.ops.metrics.SalesforceApiBudget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends one {@link PositionBatch} to Salesforce as ONE sObject Collections upsert by external ID
 * ({@code PATCH .../composite/sobjects/Inventory_Position__c/Position_Key__c}, allOrNone false).
 *
 * <p>A whole-call failure (5xx, 403 REQUEST_LIMIT_EXCEEDED, a refused login) is thrown as {@link
 * HttpOperationFailedException} for the {@code event-errors} policy to retry. Per record, the
 * accepted positions and those Salesforce rejected for good are put in {@link #SETTLED} for the
 * route to remove from the pending list; a record refused for a passing reason (row lock, limits)
 * stays pending and goes out again on the next run.
 */
@ApplicationScoped
@Named("salesforceInventorySync")
public class SalesforceInventorySync {

  /** Exchange property: the positions whose pending rows can be deleted. */
  public static final String SETTLED = "HubSalesforceSettled";

  private static final Logger LOG = Logger.getLogger(SalesforceInventorySync.class);
  private static final Set<String> PASSING_RECORD_ERRORS =
      Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE");

  private final SalesforceSession session;
  private final SalesforceApiBudget budget;
  private final MeterRegistry meters;
  private final OutboundThrottle throttle;
  private final AuditLog audit;
  private final String apiVersion;
  private final double lowBudgetRatio;

  SalesforceInventorySync(
      SalesforceSession session,
      SalesforceApiBudget budget,
      MeterRegistry meters,
      OutboundThrottle throttle,
      AuditLog audit,
      @ConfigProperty(name = "hub.salesforce.api-version") String apiVersion,
      @ConfigProperty(name = "hub.inventory.salesforce.low-budget-ratio", defaultValue = "0.05")
          double lowBudgetRatio) {
    this.session = session;
    this.budget = budget;
    this.meters = meters;
    this.throttle = throttle;
    this.audit = audit;
    this.apiVersion = apiVersion;
    this.lowBudgetRatio = lowBudgetRatio;
  }

  /** True when the last {@code Sforce-Limit-Info} reading left less than the configured share. */
  public boolean budgetLow() {
    return budget.remainingRatio().orElse(1.0) < lowBudgetRatio;
  }

  public void upsert(Exchange exchange)
      throws IOException, InterruptedException, HttpOperationFailedException, SQLException {
    PositionBatch batch = exchange.getIn().getBody(PositionBatch.class);
    List<PendingPosition> positions = List.copyOf(batch.positions());
    String body = collectionBody(positions);
    String correlationId =
        exchange.getIn().getHeader("X-Correlation-ID", exchange.getExchangeId(), String.class);

    SalesforceSession.Token token = session.token();
    long sentAt = System.nanoTime();
    HttpResponse<String> response = send(token, body, correlationId);
    if (response.statusCode() == 401 && response.body().contains("INVALID_SESSION_ID")) {
      session.invalidate(token);
      token = session.token();
      sentAt = System.nanoTime();
      response = send(token, body, correlationId);
    }
    long requestSentAt = sentAt;
    response
        .headers()
        .firstValue(SalesforceApiBudget.LIMIT_INFO_HEADER)
        .ifPresent(limitInfo -> budget.recordLimitInfo(limitInfo, requestSentAt));
    if (response.statusCode() != 200) {
      throw new HttpOperationFailedException(
          collectionUri(token),
          response.statusCode(),
          "Salesforce collection upsert failed",
          null,
          flatHeaders(response),
          response.body());
    }
    List<AuditLog.EntityOutcome> outcomes = new ArrayList<>();
    exchange.setProperty(SETTLED, settled(positions, response.body(), outcomes));
    // one audit record per position key, so GET /ops/v1/audit?entityKey=SKU@PLANT finds it
    audit.recordAll(
        "hub:inventory-salesforce-sync",
        "inventory.salesforce-upsert",
        "salesforce",
        outcomes,
        correlationId,
        "collection of " + positions.size());
  }

  private List<PendingPosition> settled(
      List<PendingPosition> sent, String responseBody, List<AuditLog.EntityOutcome> outcomes)
      throws IOException {
    JsonNode results = CanonicalJson.mapper().readTree(responseBody);
    List<PendingPosition> settled = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      JsonNode result = results.path(i);
      if (result.path("success").asBoolean(false)) {
        settled.add(sent.get(i));
        outcomes.add(new AuditLog.EntityOutcome(sent.get(i).key(), "UPSERTED"));
        meters.counter("hub.inventory.salesforce.records", "outcome", "upserted").increment();
        continue;
      }
      String code = result.path("errors").path(0).path("statusCode").asText("UNKNOWN");
      if (PASSING_RECORD_ERRORS.contains(code)) {
        outcomes.add(new AuditLog.EntityOutcome(sent.get(i).key(), "DEFERRED " + code));
        meters.counter("hub.inventory.salesforce.records", "outcome", "deferred").increment();
      } else {
        // a record Salesforce refuses for good would be refused on every run; the next change of
        // this key is sent again, and the rejection is visible in logs and metrics
        LOG.errorf(
            "Salesforce rejected inventory position %s: %s",
            sent.get(i).key(), result.path("errors"));
        outcomes.add(new AuditLog.EntityOutcome(sent.get(i).key(), "REJECTED " + code));
        meters.counter("hub.inventory.salesforce.records", "outcome", "rejected").increment();
        settled.add(sent.get(i));
      }
    }
    return settled;
  }

  private HttpResponse<String> send(
      SalesforceSession.Token token, String body, String correlationId)
      throws IOException, InterruptedException {
    // one permit of the shared Salesforce throttle per data request (the login is not an API call)
    throttle.acquire(Platform.SALESFORCE);
    return session
        .http()
        .send(
            HttpRequest.newBuilder(URI.create(collectionUri(token)))
                .timeout(session.timeout())
                .header("Authorization", "Bearer " + token.accessToken())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Correlation-ID", correlationId)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private String collectionUri(SalesforceSession.Token token) {
    return token.instanceUrl()
        + "/services/data/v"
        + apiVersion
        + "/composite/sobjects/"
        + SalesforceInventoryMapper.SOBJECT
        + "/"
        + SalesforceInventoryMapper.EXTERNAL_ID_FIELD;
  }

  static String collectionBody(List<PendingPosition> positions) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("allOrNone", false);
    ArrayNode records = body.putArray("records");
    for (PendingPosition pending : positions) {
      ObjectNode record = records.addObject();
      record.putObject("attributes").put("type", SalesforceInventoryMapper.SOBJECT);
      record.put(SalesforceInventoryMapper.EXTERNAL_ID_FIELD, pending.key());
      record.setAll(SalesforceInventoryMapper.toUpsertBody(pending.position()));
    }
    return body.toString();
  }

  private static Map<String, String> flatHeaders(HttpResponse<String> response) {
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name, String.join(",", values)));
    return headers;
  }
}
