-- The conversation tables, hash-partitioned by user_id into 16 partitions each. Every primary key
-- and index starts with user_id, so each query of one user prunes to a single partition, and the
-- tables distribute on Citus by user_id without a query changing.

CREATE TABLE conversations (
    user_id          text        NOT NULL,
    conversation_id  text        NOT NULL,
    title            text,
    created_at       timestamptz NOT NULL,
    last_activity_at timestamptz NOT NULL,
    -- The highest seq given to an item of this conversation; the next item gets item_count + 1.
    item_count       integer     NOT NULL DEFAULT 0 CHECK (item_count >= 0),
    deleted_at       timestamptz,
    PRIMARY KEY (user_id, conversation_id)
) PARTITION BY HASH (user_id);

-- Lists a user's conversations, newest activity first, by keyset (last_activity_at, conversation_id).
CREATE INDEX conversations_user_activity_idx
    ON conversations (user_id, last_activity_at DESC, conversation_id DESC);

-- Messages and tool calls share one gap-free seq per conversation: the history is one ordered list.
CREATE TABLE messages (
    user_id         text        NOT NULL,
    conversation_id text        NOT NULL,
    seq             bigint      NOT NULL CHECK (seq > 0),
    message_id      text        NOT NULL,
    role            text        NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content         text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, conversation_id, seq),
    UNIQUE (user_id, conversation_id, message_id)
) PARTITION BY HASH (user_id);

CREATE TABLE tool_calls (
    user_id         text        NOT NULL,
    conversation_id text        NOT NULL,
    seq             bigint      NOT NULL CHECK (seq > 0),
    tool_call_id    text        NOT NULL,
    message_id      text,
    name            text        NOT NULL,
    arguments       jsonb       NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'ok', 'error')),
    output          jsonb,
    error           text,
    requested_at    timestamptz NOT NULL,
    completed_at    timestamptz,
    PRIMARY KEY (user_id, conversation_id, seq),
    UNIQUE (user_id, conversation_id, tool_call_id)
) PARTITION BY HASH (user_id);

DO $$
DECLARE
    parent text;
    n integer;
BEGIN
    FOREACH parent IN ARRAY ARRAY['conversations', 'messages', 'tool_calls'] LOOP
        FOR n IN 0..15 LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 16, REMAINDER %s)',
                           parent || '_p' || lpad(n::text, 2, '0'), parent, n);
        END LOOP;
    END LOOP;
END
$$;

-- The worker's stored offsets: per input partition, the next offset to apply. Written in the same
-- transaction as the rows of a batch, so every apply is exactly-once. Holds no user data.
CREATE TABLE applied_offsets (
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (topic, partition)
);
