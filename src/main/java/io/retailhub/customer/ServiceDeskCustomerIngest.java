package io.retailhub.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Unremovable;
import io.retailhub.mapping.servicedesk.ZendeskUserEventMapper;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The service desk as a customer source: a verified Zendesk user event to a canonical customer
 * change (routes/customers/customer-servicedesk-ingest.camel.yaml). Matching, review and the echo
 * check are {@link CustomerSync}'s, so every source decides them the same way.
 */
@ApplicationScoped
@Unremovable
@Named("serviceDeskCustomerIngest")
public class ServiceDeskCustomerIngest {
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  private final CustomerSync sync;
  private final CustomerStore store;

  public ServiceDeskCustomerIngest(CustomerSync sync, CustomerStore store) {
    this.sync = sync;
    this.store = store;
  }

  /** Sets {@link CustomerSync#OUTCOME_HEADER}: change, echo, review, or ignored. */
  public void ingest(Exchange exchange) throws JsonProcessingException {
    JsonNode event = JSON.readTree(exchange.getMessage().getBody(String.class));
    Optional<PlatformCustomerChange> mapped = ZendeskUserEventMapper.changeOf(event);
    if (mapped.isEmpty()) {
      exchange.getMessage().setHeader(CustomerSync.OUTCOME_HEADER, "ignored");
      return;
    }
    PlatformCustomerChange reported = mapped.get();
    if (reported.externalGoldenId() != null) {
      // the hub writes a user it has no Zendesk id for by external_id, and remembers that write
      // under the golden ID; its echo arrives with the Zendesk id, so look under both
      Map<String, JsonNode> remaining =
          store.withoutEchoes(
              Platform.SERVICEDESK, reported.externalGoldenId(), reported.attributes());
      if (remaining.isEmpty()) {
        exchange.getMessage().setHeader(CustomerSync.OUTCOME_HEADER, "echo");
        return;
      }
      reported =
          new PlatformCustomerChange(
              reported.platform(),
              reported.platformId(),
              reported.externalGoldenId(),
              reported.email(),
              reported.sourceTimestamp(),
              remaining);
    }
    sync.ingest(exchange, reported);
  }
}
