-- Salesforce Change Data Capture (Streaming API): the last replay ID the hub finished processing
-- per channel. A restarted hub subscribes from it, so events published while it was down are
-- replayed from Salesforce's retention window instead of being lost.
CREATE TABLE salesforce_replay_position (
    channel      VARCHAR(128) PRIMARY KEY,
    replay_id    BIGINT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
