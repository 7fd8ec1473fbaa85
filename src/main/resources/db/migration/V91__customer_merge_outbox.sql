-- The writes a merged customer change must make, stored in the merge's own transaction. A hub that
-- dies after the golden record was committed but before every platform write was made finds them
-- here when Kafka redelivers the change, instead of merging it again (which would find nothing new
-- to write) or skipping it (which would lose the writes). See docs/customer-ownership.md.
CREATE TABLE customer_merge_outbox (
    -- the canonical change's Kafka coordinates: topic-partition-offset
    change_key  VARCHAR(255) PRIMARY KEY,
    golden_id   VARCHAR(64) NOT NULL,
    -- the planned writes, in the order the merge route makes them
    writes      JSONB NOT NULL,
    -- how many of them were made (each write is made once its predecessors were)
    writes_done INT NOT NULL DEFAULT 0,
    merged_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
