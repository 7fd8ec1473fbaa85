package io.retailhub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer's request to send items back. It refers to the order by hub ID, by ERP number, or
 * both: a return created in the ERP knows only the ERP number at first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReturnRequest(
    String returnId,
    String hubOrderId,
    String erpOrderNumber,
    String customerGoldenId,
    ReturnStatus status,
    List<ReturnLine> lines,
    Instant requestedAt,
    Map<Platform, String> platformIds) {
  public ReturnRequest {
    Violations violations =
        Violations.of(ReturnRequest.class)
            .notBlank("returnId", returnId)
            .check(
                hubOrderId != null || erpOrderNumber != null,
                "hubOrderId",
                "is required when erpOrderNumber is absent")
            .required("status", status)
            .required("lines", lines)
            .nested("lines", lines)
            .required("requestedAt", requestedAt)
            .noNullKeysOrValues("platformIds", platformIds);
    if (lines != null) {
      violations.check(!lines.isEmpty(), "lines", "must not be empty");
    }
    violations.throwIfAny();
    lines = List.copyOf(lines);
    platformIds = platformIds == null ? Map.of() : Map.copyOf(platformIds);
  }
}
