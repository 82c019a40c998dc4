-- The control schema (chatlog_control) is shared by every chatlog schema of the database.
--
-- deployments: which schema a deployment (the name the worker and the API are configured with,
-- CHATLOG_DB_SCHEMA) currently reads and writes. A rebuild fills a new schema, then switches the
-- row in one transaction; the worker reads the row FOR SHARE in each batch, so the switch pauses
-- writes for as long as it holds the row, and never pauses reads.
CREATE TABLE deployments (
    name            text        PRIMARY KEY,
    active_schema   text        NOT NULL,
    previous_schema text,
    switched_at     timestamptz NOT NULL DEFAULT now()
);

-- dlq_replays: dead letters already republished, so that each is replayed at most once.
CREATE TABLE dlq_replays (
    dlq_topic     text        NOT NULL,
    dlq_partition integer     NOT NULL,
    dlq_offset    bigint      NOT NULL,
    replayed_at   timestamptz NOT NULL,
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);
