package io.retailhub.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailhub.model.Platform;
import java.time.Instant;

/** A write that was not applied, kept for review beside the value that stayed. */
public record AttributeConflict(
    String attribute,
    ConflictKind kind,
    Platform rejectedSource,
    JsonNode rejectedValue,
    Instant rejectedTimestamp,
    Platform keptSource,
    JsonNode keptValue) {}
