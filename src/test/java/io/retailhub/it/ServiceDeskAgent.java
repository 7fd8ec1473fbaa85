package io.retailhub.it;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** What an agent does in the sandbox's service desk, through its API as a person's tools would. */
public final class ServiceDeskAgent {

  private ServiceDeskAgent() {}

  /** The agent's API token credentials ({@code email/token:<token>}, HTTP Basic). */
  public static String authorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                ("agent@retailhub.example/token:"
                        + SandboxTestResource.stack().serviceDesk().apiToken())
                    .getBytes(StandardCharsets.UTF_8));
  }

  /** Opens a ticket for the requester; the desk then sends its ticket.created webhook. */
  public static long createTicket(long requesterId, String subject, String description) {
    return given()
        .header("Authorization", authorization())
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "ticket",
                Map.of(
                    "subject",
                    subject,
                    "requester_id",
                    requesterId,
                    "comment",
                    Map.of("body", description))))
        .post(SandboxTestResource.stack().serviceDesk().baseUrl() + "/api/v2/tickets.json")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("ticket.id");
  }

  /** The value of one custom field on a ticket the desk holds, or null when unset. */
  public static Object customField(Map<String, Object> ticket, long fieldId) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> fields = (List<Map<String, Object>>) ticket.get("custom_fields");
    return fields.stream()
        .filter(field -> ((Number) field.get("id")).longValue() == fieldId)
        .findFirst()
        .map(field -> field.get("value"))
        .orElse(null);
  }

  /** The ticket's comments that only agents see. */
  public static List<Map<String, Object>> internalNotes(long ticketId) {
    return SandboxTestResource.stack().serviceDesk().comments(ticketId).stream()
        .filter(comment -> Boolean.FALSE.equals(comment.get("public")))
        .toList();
  }
}
