-- Inventory visibility (issue 5): the read model of positions and the SKUs the hub knows.

-- One row per SKU and location; source_sequence orders updates so an older event never
-- overwrites a newer position. confirmed_at moves whenever an event or a reconciliation run
-- confirms the row, and gives API answers their freshness.
CREATE TABLE inventory_position (
    sku             VARCHAR(64)  NOT NULL,
    location        VARCHAR(16)  NOT NULL,
    on_hand         BIGINT       NOT NULL,
    reserved        BIGINT       NOT NULL,
    available       BIGINT       NOT NULL,
    as_of           TIMESTAMPTZ  NOT NULL,
    source_sequence BIGINT       NOT NULL,
    confirmed_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (sku, location)
);
-- the list API pages by (location, sku)
CREATE INDEX inventory_position_by_location ON inventory_position (location, sku);

-- SKUs learned from the ERP (stock service), used to tell an unknown SKU from a new one.
CREATE TABLE product (
    sku          VARCHAR(64)  PRIMARY KEY,
    learned_from VARCHAR(32)  NOT NULL,
    learned_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
