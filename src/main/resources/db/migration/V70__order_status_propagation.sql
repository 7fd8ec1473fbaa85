-- Order status propagation (issue 6): what the hub last applied to each platform for each order,
-- so that a late, older ERP event never overwrites a newer one. One row per (order, target); the
-- Salesforce and the service-desk writers keep their own rows because they consume independently.
CREATE TABLE order_sync_state (
    hub_order_id      VARCHAR(64) NOT NULL,
    target            VARCHAR(16) NOT NULL CHECK (target IN ('salesforce', 'servicedesk')),
    -- the last applied status and the ERP's ChangeSequence / LastChangeDateTime that carried it
    status            VARCHAR(32),
    status_sequence   BIGINT,
    status_changed_at TIMESTAMPTZ,
    -- the last applied shipment (a later delivery replaces the tracking number of an earlier one)
    shipment_id       VARCHAR(32),
    shipped_at        TIMESTAMPTZ,
    carrier           VARCHAR(64),
    tracking_number   VARCHAR(64),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (hub_order_id, target)
);

-- a delivery names only its ERP sales order; the flow finds the hub order by it
CREATE INDEX hub_order_by_erp_order_number ON hub_order (erp_order_number);
