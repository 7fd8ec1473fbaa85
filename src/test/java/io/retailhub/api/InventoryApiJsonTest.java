package io.retailhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.InventoryPosition;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lookup writes each position field by field instead of through Jackson's record serializer;
 * its JSON must stay the canonical {@link InventoryPosition} JSON plus {@code freshnessSeconds}.
 */
class InventoryApiJsonTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-29T10:15:30Z",
        "2026-11-29T10:15:30.120Z",
        "2026-11-29T10:15:30.000000123Z"
      })
  void aPositionIsTheCanonicalJsonPlusItsFreshness(String asOf) {
    InventoryPosition position =
        new InventoryPosition(
            "SKU-0042", "S003", 17L, 5L, 12L, Instant.parse(asOf), 9_000_000_001L);
    Instant confirmedAt = Instant.parse("2026-11-29T10:15:31Z");
    Instant now = confirmedAt.plusSeconds(42);

    ObjectNode written =
        InventoryApi.positionJson(new InventoryApi.Row(position, confirmedAt), now);

    ObjectNode canonical = CanonicalJson.mapper().valueToTree(position);
    canonical.put("freshnessSeconds", 42L);
    assertThat(written).isEqualTo(canonical);
    assertThat(CanonicalJson.toJson(written)).isEqualTo(CanonicalJson.toJson(canonical));
  }
}
