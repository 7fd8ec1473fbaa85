package io.retailhub.mapping.erp;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.mapping.MappingContext;
import io.retailhub.mapping.PayloadNode;
import io.retailhub.model.InventoryPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code API_MATERIAL_STOCK_SRV} {@code A_MatlStkInAcctMod} rows to canonical positions. The ERP
 * returns one row per material, plant, storage location and stock type; the canonical location is
 * the plant, so the unrestricted-use rows (stock type {@code 01}) of a material and plant are
 * summed. Quality-inspection and blocked stock are not sellable and are left out on purpose.
 */
public final class ErpMaterialStockMapper {
  static final String ENTITY = "A_MatlStkInAcctMod";
  static final String UNRESTRICTED_USE = "01";

  private ErpMaterialStockMapper() {}

  /**
   * Positions from a stock query result. This entity carries neither reservations nor a change
   * counter, so the caller provides the read time and a sequence it knows to be newer than every
   * event already applied (a reconciliation run passes the ERP's latest ChangeSequence).
   */
  public static List<InventoryPosition> positionsOf(
      JsonNode response, Instant asOf, long sourceSequence) {
    MappingContext context = MappingContext.of("erp:" + ENTITY);
    List<JsonNode> rows = ErpOData.results(response, ENTITY);
    Map<String, long[]> onHandBySkuAndPlant = new LinkedHashMap<>();
    Map<String, String[]> keys = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      PayloadNode row = context.at("d.results[" + i + "]", rows.get(i));
      String material = row.requiredText("Material");
      String plant = row.requiredText("Plant");
      String stockType = row.requiredText("InventoryStockType");
      Long quantity = row.requiredQuantity("MatlWrhsStkQtyInMatlBaseUnit");
      if (material == null || plant == null || quantity == null || stockType == null) {
        continue;
      }
      String key = material + "@" + plant;
      keys.putIfAbsent(key, new String[] {material, plant});
      long[] sum = onHandBySkuAndPlant.computeIfAbsent(key, k -> new long[1]);
      if (UNRESTRICTED_USE.equals(stockType)) {
        sum[0] += quantity;
      }
    }
    return context.build(
        () -> {
          List<InventoryPosition> positions = new ArrayList<>();
          onHandBySkuAndPlant.forEach(
              (key, onHand) ->
                  positions.add(
                      new InventoryPosition(
                          keys.get(key)[0],
                          keys.get(key)[1],
                          onHand[0],
                          0L,
                          onHand[0],
                          asOf,
                          sourceSequence)));
          return positions;
        });
  }
}
