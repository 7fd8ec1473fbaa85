-- Who did what to which entity, when, and how it ended. Never holds a payload.
CREATE TABLE audit_record (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor          VARCHAR(200) NOT NULL,
    action         VARCHAR(64)  NOT NULL,
    target         VARCHAR(64)  NOT NULL,
    entity_key     VARCHAR(200) NOT NULL,
    outcome        VARCHAR(32)  NOT NULL,
    correlation_id VARCHAR(128),
    detail         TEXT
);
CREATE INDEX audit_record_entity ON audit_record (entity_key, id);
CREATE INDEX audit_record_occurred ON audit_record (occurred_at);
