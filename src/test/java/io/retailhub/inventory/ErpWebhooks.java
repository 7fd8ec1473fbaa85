package io.retailhub.inventory;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.retailhub.connector.erp.ErpEventBatch;
import io.retailhub.it.SandboxTestResource;
import io.retailhub.model.CanonicalJson;
import io.retailhub.sandbox.erp.ErpBusinessEvents;
import io.retailhub.sandbox.support.WebhookDispatcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test helpers: signed ERP webhooks sent straight to the hub, and the ERP simulator's admin API.
 */
final class ErpWebhooks {
  static final String PATH = "/webhooks/erp/events";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ErpWebhooks() {}

  static String secret() {
    return SandboxTestResource.stack().hubConfig().get("hub.erp.webhook-secret");
  }

  /** A structured MaterialStock.Changed CloudEvent as the ERP writes it. */
  static String stockEvent(
      String id, String sku, String plant, long onHand, long reserved, long sequence) {
    ObjectNode event = CanonicalJson.mapper().createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", id);
    event.put("source", ErpBusinessEvents.SOURCE);
    event.put("type", ErpBusinessEvents.MATERIAL_STOCK_CHANGED);
    event.put("subject", sku + "@" + plant);
    event.put("time", Instant.now().toString());
    event.put("datacontenttype", "application/json");
    ObjectNode data = event.putObject("data");
    data.put("Material", sku);
    data.put("Plant", plant);
    data.put("StorageLocation", "0001");
    data.put("MatlWrhsStkQtyInMatlBaseUnit", onHand + ".000");
    data.put("ReservedQtyInBaseUnit", reserved + ".000");
    data.put("MaterialBaseUnit", "EA");
    data.put("ChangeSequence", String.valueOf(sequence));
    data.put("LastChangeDateTime", Instant.now().toString());
    return event.toString();
  }

  static Response postSigned(String body) {
    return post(body, ErpBusinessEvents.sign(secret(), body, Clock.systemUTC()));
  }

  static Response post(String body, Map<String, String> headers) {
    return post(ErpBusinessEvents.CONTENT_TYPE, body, headers);
  }

  /** The events as one signed request in the batched content mode, with a correlation ID. */
  static Response postSignedBatch(String correlationId, List<String> events) {
    return postSignedBatch(correlationId, WebhookDispatcher.batchBody(events));
  }

  /** A signed request in the batched content mode with any body. */
  static Response postSignedBatch(String correlationId, String body) {
    Map<String, String> headers =
        new HashMap<>(ErpBusinessEvents.sign(secret(), body, Clock.systemUTC()));
    headers.put("X-Correlation-ID", correlationId);
    return post(ErpEventBatch.CONTENT_TYPE, body, headers);
  }

  private static Response post(String contentType, String body, Map<String, String> headers) {
    return given().contentType(contentType).headers(headers).body(body).when().post(PATH);
  }

  static String freshMaterial() {
    return "TST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  /** Creates a material in the ERP with stock at the given plant (the ERP emits its event). */
  static void createMaterial(String sku, String plant, long onHand) {
    admin(
        "/__admin/materials",
        "{\"material\":\"%s\",\"stock\":[{\"plant\":\"%s\",\"onHand\":%d,\"reserved\":0}]}"
            .formatted(sku, plant, onHand));
  }

  static JsonNode admin(String path, String json) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(SandboxTestResource.stack().erp().baseUrl() + path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            path + " answered " + response.statusCode() + ": " + response.body());
      }
      return CanonicalJson.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
