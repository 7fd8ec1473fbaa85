-- Order submission (issue 6): idempotency keys of POST /api/v1/orders and the hub's own record of
-- every accepted order. The ERP stays authoritative for an order's status; hub_order says what the
-- hub knows and whether the order still waits for the ERP.

-- One row per Idempotency-Key. Inserted first (state IN_PROGRESS) so that of two concurrent
-- requests with the same key exactly one wins the primary key and does the work; the loser reads
-- the stored response. Rows are purged after the retention (hub.orders.idempotency-retention).
CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(255) PRIMARY KEY,
    request_hash    CHAR(64)     NOT NULL,
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    hub_order_id    VARCHAR(64),
    response_status INTEGER,
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at    TIMESTAMPTZ
);
CREATE INDEX idempotency_key_by_created_at ON idempotency_key (created_at);

CREATE TABLE hub_order (
    hub_order_id          VARCHAR(64)  PRIMARY KEY,
    idempotency_key       VARCHAR(255) NOT NULL,
    channel               VARCHAR(32)  NOT NULL,
    fulfilment_type       VARCHAR(32)  NOT NULL,
    marketplace_order_ref VARCHAR(128),
    customer_notifications BOOLEAN     NOT NULL,
    status                VARCHAR(32)  NOT NULL,
    erp_order_number      VARCHAR(32),
    erp_message           TEXT,
    correlation_id        VARCHAR(128),
    order_json            TEXT         NOT NULL,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- the pending-ERP gauge and watch count and list waiting orders
CREATE INDEX hub_order_by_status ON hub_order (status, created_at);
