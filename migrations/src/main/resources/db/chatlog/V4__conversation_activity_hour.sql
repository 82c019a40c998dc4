-- Lets the worker update a conversation without touching any index.
--
-- Every item appended to a conversation rewrites its row (last_activity_at, item_count). While an
-- index held last_activity_at, each such update had to insert a new entry into both indexes of the
-- table. The list of a user's conversations is now served by an index on the hour of the last
-- activity instead: updates within the same hour change no indexed column, so PostgreSQL makes them
-- heap-only (HOT) updates, and the free space left in each page (fillfactor) keeps the new version
-- on the same page. A conversation pays for index entries once per hour it is active in.
--
-- The list query orders by (activity_hour, last_activity_at, conversation_id): the hour is a
-- function of last_activity_at that never decreases with it, so the order is the same as by
-- (last_activity_at, conversation_id). PostgreSQL reads the index hour by hour and sorts only the
-- conversations of the hours it reads (an incremental sort).

ALTER TABLE conversations ADD COLUMN activity_hour bigint NOT NULL
    GENERATED ALWAYS AS (floor(extract(epoch FROM last_activity_at AT TIME ZONE 'UTC') / 3600)) STORED;

CREATE INDEX conversations_user_activity_hour_idx ON conversations (user_id, activity_hour DESC);

DROP INDEX conversations_user_activity_idx;

DO $$
DECLARE
    n integer;
BEGIN
    FOR n IN 0..15 LOOP
        EXECUTE format('ALTER TABLE %I SET (fillfactor = 70)', 'conversations_p' || lpad(n::text, 2, '0'));
    END LOOP;
END
$$;
