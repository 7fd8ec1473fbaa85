-- The hub's state store. Idempotency and process state live here so that several hub pods agree.

-- Camel's JdbcMessageIdRepository (idempotent consumer), one row per processed message per flow.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(255) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL DEFAULT now(),
    PRIMARY KEY (processorName, messageId)
);
CREATE INDEX camel_messageprocessed_created ON CAMEL_MESSAGEPROCESSED (createdAt);

-- Proof of life: the last hop of the foundation's end-to-end flow.
CREATE TABLE heartbeat (
    heartbeat_id   VARCHAR(64)  PRIMARY KEY,
    correlation_id VARCHAR(128) NOT NULL,
    received_at    TIMESTAMPTZ  NOT NULL,
    recorded_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
