package io.retailhub.customer;

import io.retailhub.model.Platform;
import java.time.Instant;

/** Which system wrote an attribute's current golden value, and when that system says it did. */
public record AttributeVersion(Platform source, Instant sourceTimestamp) {}
