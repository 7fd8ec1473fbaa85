-- Customer master: golden records, cross-references, conflicts, review queue, echo memory.

CREATE TABLE customer_golden (
    golden_id          VARCHAR(64) PRIMARY KEY,
    attributes         JSONB NOT NULL DEFAULT '{}'::jsonb,
    -- per attribute: {"source": "erp", "sourceTimestamp": "..."}; decides shared-attribute conflicts
    attribute_versions JSONB NOT NULL DEFAULT '{}'::jsonb,
    normalized_email   VARCHAR(320),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- not unique: two golden records may share an e-mail, which is exactly the ambiguous case
CREATE INDEX customer_golden_email ON customer_golden (normalized_email);

CREATE TABLE customer_xref (
    golden_id   VARCHAR(64) NOT NULL REFERENCES customer_golden (golden_id),
    platform    VARCHAR(16) NOT NULL,
    platform_id VARCHAR(64) NOT NULL,
    linked_by   VARCHAR(24) NOT NULL,
    linked_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, platform_id),
    UNIQUE (golden_id, platform)
);

CREATE TABLE customer_conflict (
    conflict_id        BIGSERIAL PRIMARY KEY,
    golden_id          VARCHAR(64) NOT NULL,
    attribute          VARCHAR(64) NOT NULL,
    kind               VARCHAR(32) NOT NULL,
    rejected_source    VARCHAR(16) NOT NULL,
    rejected_value     JSONB,
    rejected_timestamp TIMESTAMPTZ NOT NULL,
    kept_source        VARCHAR(16),
    kept_value         JSONB,
    recorded_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at        TIMESTAMPTZ,
    resolved_by        VARCHAR(128),
    resolution         VARCHAR(32)
);
CREATE INDEX customer_conflict_open ON customer_conflict (conflict_id) WHERE resolved_at IS NULL;

CREATE TABLE customer_review (
    review_id         BIGSERIAL PRIMARY KEY,
    platform          VARCHAR(16) NOT NULL,
    platform_id       VARCHAR(64) NOT NULL,
    normalized_email  VARCHAR(320),
    candidate_ids     JSONB NOT NULL,
    change            JSONB NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at       TIMESTAMPTZ,
    resolved_by       VARCHAR(128),
    resolved_golden_id VARCHAR(64)
);

-- values the hub itself wrote to a platform record; a change event reporting only these is an echo
CREATE TABLE customer_echo (
    platform    VARCHAR(16) NOT NULL,
    platform_id VARCHAR(64) NOT NULL,
    attribute   VARCHAR(64) NOT NULL,
    value       JSONB NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, platform_id, attribute)
);
