-- Inventory visibility, step 3: the Salesforce sync's work list (docs/decisions/0010).
-- One row per SKU and location whose read-model position Salesforce has not confirmed yet. A
-- trigger on inventory_position writes it in the same transaction as the position itself, so a
-- change can never be committed without its pending row (crash-safe), and a key changed many times
-- before the next sync run is still one row (coalesced). The sync deletes a row only if its
-- revision is still the one it sent: a change that arrived while the batch was in flight keeps its
-- row and goes out on the next run.
CREATE SEQUENCE inventory_salesforce_revision;

CREATE TABLE inventory_salesforce_pending (
    sku       VARCHAR(64)  NOT NULL,
    location  VARCHAR(16)  NOT NULL,
    revision  BIGINT       NOT NULL,
    queued_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (sku, location)
);
-- each run takes the oldest changes first
CREATE INDEX inventory_salesforce_pending_by_revision ON inventory_salesforce_pending (revision);

CREATE FUNCTION inventory_salesforce_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO inventory_salesforce_pending (sku, location, revision)
    VALUES (NEW.sku, NEW.location, nextval('inventory_salesforce_revision'))
    ON CONFLICT (sku, location)
        DO UPDATE SET revision = EXCLUDED.revision, queued_at = now();
    RETURN NULL;
END
$$;

CREATE TRIGGER inventory_position_created_for_salesforce
    AFTER INSERT ON inventory_position
    FOR EACH ROW EXECUTE FUNCTION inventory_salesforce_enqueue();

-- confirmed_at alone moves on every reconciliation match: that is not a change Salesforce needs
CREATE TRIGGER inventory_position_changed_for_salesforce
    AFTER UPDATE ON inventory_position
    FOR EACH ROW
    WHEN ((OLD.on_hand, OLD.reserved, OLD.available, OLD.as_of, OLD.source_sequence)
          IS DISTINCT FROM (NEW.on_hand, NEW.reserved, NEW.available, NEW.as_of, NEW.source_sequence))
    EXECUTE FUNCTION inventory_salesforce_enqueue();

-- positions that existed before the sync did are owed to Salesforce too
INSERT INTO inventory_salesforce_pending (sku, location, revision)
SELECT sku, location, nextval('inventory_salesforce_revision') FROM inventory_position;
