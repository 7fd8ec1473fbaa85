package io.retailhub.mapping.servicedesk;

import java.time.Instant;

/**
 * A ticket comment. The canonical model has no comment type on purpose: conversations stay in the
 * service desk; flows read them only to decide (for example, not to repeat an internal note).
 */
public record ZendeskComment(
    long id, long authorId, String body, boolean internal, Instant createdAt) {}
