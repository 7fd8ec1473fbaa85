package io.retailhub.orders.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.mapping.salesforce.SalesforceOrderMapper;
import io.retailhub.mapping.servicedesk.ZendeskTicketMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.OrderStatus;
import io.retailhub.model.OrderStatusChanged;
import io.retailhub.model.Platform;
import io.retailhub.model.ShipmentEvent;
import io.retailhub.model.ShipmentLine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure rules of status propagation: which event is newer, and what the platforms get. */
class OrderProgressRulesTest {
  private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

  private static OrderStatusChanged status(OrderStatus status, Long sequence, Instant at) {
    return new OrderStatusChanged("HO-1", "1000123", null, status, Platform.ERP, at, sequence);
  }

  private static ShipmentEvent shipment(String id, Instant at) {
    return new ShipmentEvent(
        id,
        "1000123",
        "HO-1",
        "DHL",
        "TRK-" + id,
        "WH01",
        List.of(new ShipmentLine("SKU-1", 2L)),
        at);
  }

  private static OrderSyncState.Applied applied(Long sequence, Instant at) {
    return new OrderSyncState.Applied("delivered", sequence, at, null, null, null, null);
  }

  @Test
  void aStatusIsNewerOnlyWithAHigherChangeSequence() {
    OrderSyncState.Applied lastApplied = applied(3L, T0);
    assertThat(lastApplied.isOlderOrSame(status(OrderStatus.SHIPPED, 2L, T0.plusSeconds(60))))
        .as("a lower sequence is older even when its clock says later")
        .isTrue();
    assertThat(lastApplied.isOlderOrSame(status(OrderStatus.DELIVERED, 3L, T0))).isTrue();
    assertThat(lastApplied.isOlderOrSame(status(OrderStatus.DELIVERED, 4L, T0.minusSeconds(1))))
        .isFalse();
    assertThat(OrderSyncState.Applied.NOTHING.isOlderOrSame(status(OrderStatus.CONFIRMED, 1L, T0)))
        .isFalse();
  }

  @Test
  void withoutSequencesTheChangeTimeDecides() {
    OrderSyncState.Applied lastApplied = applied(null, T0);
    assertThat(lastApplied.isOlderOrSame(status(OrderStatus.SHIPPED, 5L, T0.minusSeconds(1))))
        .isTrue();
    assertThat(lastApplied.isOlderOrSame(status(OrderStatus.SHIPPED, 5L, T0.plusSeconds(1))))
        .isFalse();
  }

  @Test
  void aShipmentIsStaleWhenAppliedAlreadyOrShippedBeforeTheAppliedOne() {
    OrderSyncState.Applied lastApplied =
        new OrderSyncState.Applied(null, null, null, "80001", T0, "DHL", "TRK-80001");
    assertThat(lastApplied.isOlderOrSame(shipment("80001", T0))).isTrue();
    assertThat(lastApplied.isOlderOrSame(shipment("80000", T0.minusSeconds(5)))).isTrue();
    assertThat(lastApplied.isOlderOrSame(shipment("80002", T0.plusSeconds(5)))).isFalse();
    assertThat(OrderSyncState.Applied.NOTHING.isOlderOrSame(shipment("80001", T0))).isFalse();
  }

  @Test
  void theSalesforceUpsertLeavesOutWhatTheEventDoesNotKnow() {
    JsonNode shipmentOnly =
        SalesforceOrderMapper.toProgressUpsert(null, "1000123", "TRK-1", null, null);
    assertThat(shipmentOnly.has("Status")).isFalse();
    assertThat(shipmentOnly.get("Tracking_Number__c").asText()).isEqualTo("TRK-1");
    JsonNode firstWrite =
        SalesforceOrderMapper.toProgressUpsert(
            OrderStatus.CONFIRMED, "1000123", null, LocalDate.parse("2026-11-29"), "001ABC");
    assertThat(firstWrite.get("Status").asText()).isEqualTo("Confirmed");
    assertThat(firstWrite.get("EffectiveDate").asText()).isEqualTo("2026-11-29");
    assertThat(firstWrite.get("AccountId").asText()).isEqualTo("001ABC");
    assertThat(firstWrite.has("Tracking_Number__c")).isFalse();
  }

  @Test
  void theTicketGetsAnInternalNoteAndOnlyTheKnownOrderFields() {
    OrderStatusPropagation.OrderProgress progress =
        new OrderStatusPropagation.OrderProgress(
            "HO-1",
            "1000123",
            status(OrderStatus.SHIPPED, 2L, T0),
            null,
            new OrderSyncState.Applied(null, null, null, "80001", T0, "DHL", "TRK-80001"),
            Optional.empty());
    String note = OrderStatusPropagation.note(progress);
    assertThat(note)
        .isEqualTo("Order HO-1 (ERP 1000123): status is now shipped. Tracking: DHL TRK-80001.");
    JsonNode update =
        ZendeskTicketMapper.toOrderProgressUpdate(
            "1000123", OrderStatus.SHIPPED, progress.trackingNumber(), note);
    assertThat(update.at("/ticket/comment/public").asBoolean(true)).isFalse();
    assertThat(update.at("/ticket/custom_fields")).hasSize(3);
    assertThat(update.at("/ticket/custom_fields/1/value").asText()).isEqualTo("shipped");
    assertThat(
            ZendeskTicketMapper.toOrderProgressUpdate("1000123", null, null, "n")
                .at("/ticket/custom_fields"))
        .hasSize(1);
  }

  @Test
  void onlyUnsolvedTicketsAreUpdated() throws Exception {
    JsonNode search =
        CanonicalJson.mapper()
            .readTree(
                """
                {"results":[
                  {"result_type":"ticket","id":1,"status":"new"},
                  {"result_type":"ticket","id":2,"status":"open"},
                  {"result_type":"ticket","id":3,"status":"pending"},
                  {"result_type":"ticket","id":4,"status":"hold"},
                  {"result_type":"ticket","id":5,"status":"solved"},
                  {"result_type":"ticket","id":6,"status":"closed"},
                  {"result_type":"user","id":7}
                ],"next_page":null}
                """);
    assertThat(ZendeskTicketMapper.openTicketIdsOf(search)).containsExactly(1L, 2L, 3L, 4L);
  }
}
