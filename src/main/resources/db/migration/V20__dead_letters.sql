-- Dead letters: every message a flow gave up on, with what ops need to judge and replay it.
-- The Artemis queue DLQ.<flow> holds a durable copy; this table is the system of record for the
-- ops API (list, filter, replay, discard) and for the hub_dead_letters gauge.
CREATE TABLE dead_letter (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    flow              VARCHAR(100)  NOT NULL,
    impact            VARCHAR(32)   NOT NULL,
    status            VARCHAR(16)   NOT NULL DEFAULT 'OPEN',  -- OPEN, REPLAYED, DISCARDED
    failure_kind      VARCHAR(16)   NOT NULL,                 -- transient (retries exhausted), business
    route_id          VARCHAR(200),
    endpoint          VARCHAR(1000),
    exception_class   VARCHAR(300)  NOT NULL,
    exception_message TEXT,
    attempts          INTEGER       NOT NULL,
    correlation_id    VARCHAR(128),
    -- identity of the consumed message (topic/partition/offset, JMSMessageID): a redelivery of the
    -- same message after a crash finds its existing entry instead of adding a second one
    source_key        VARCHAR(400)  NOT NULL,
    replay_uri        VARCHAR(1000),
    headers           TEXT          NOT NULL,                 -- JSON object of the original headers
    body              BYTEA,
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    replay_of         BIGINT REFERENCES dead_letter (id),     -- the entry whose replay failed again
    superseded_by     BIGINT REFERENCES dead_letter (id),
    replay_outcome    VARCHAR(16),                            -- SUBMITTED, DELIVERED, FAILED
    resolved_at       TIMESTAMPTZ,
    resolved_by       VARCHAR(200),
    discard_reason    TEXT,
    CONSTRAINT dead_letter_source_unique UNIQUE (flow, source_key)
);
CREATE INDEX dead_letter_open_by_flow ON dead_letter (flow, impact, id) WHERE status = 'OPEN';
CREATE INDEX dead_letter_created ON dead_letter (created_at);
CREATE INDEX dead_letter_replay_of ON dead_letter (replay_of);
