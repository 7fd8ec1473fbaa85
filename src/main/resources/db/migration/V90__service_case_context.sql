-- Service case context (issue 6) and customer order reads.

-- A customer's orders, newest first (GET /api/v1/customers/{id}/orders, and the newest order of a
-- ticket requester). The golden ID lives in the submitted order's JSON.
CREATE INDEX hub_order_by_customer
    ON hub_order (((order_json::jsonb) ->> 'customerGoldenId'), created_at DESC, hub_order_id DESC);

-- Tickets and agent tools name orders by their ERP number as often as by the hub order ID: the
-- index on hub_order.erp_order_number comes from V70 (status propagation looks orders up the same way).

-- One row per ticket the hub enriched: a ticket is enriched once, whatever event or redelivery
-- brings it back (the hub's own update of the ticket comes back as ticket events too).
CREATE TABLE service_case_enrichment (
    ticket_id      VARCHAR(64)  PRIMARY KEY,
    event_id       VARCHAR(128) NOT NULL,
    matched_by     VARCHAR(16)  NOT NULL CHECK (matched_by IN ('order', 'email')),
    hub_order_id   VARCHAR(64),
    erp_order_number VARCHAR(32),
    golden_id      VARCHAR(64),
    correlation_id VARCHAR(128),
    enriched_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
