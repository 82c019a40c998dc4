-- The worker's writer makes the search documents of the messages it inserts in the same statement
-- (INSERT INTO messages ... RETURNING, then INSERT INTO message_search ... to_tsvector), so a message
-- is searchable as soon as it is readable, and the queue, the indexer's transaction and its lookup of
-- each message are saved: in the side-by-side benchmark the whole run took about a tenth less CPU
-- (worker/README.md). Its batches say so through chatlog.search_documents = 'made' (set by
-- chatlog_control.begin_batch for the transaction), and the trigger then queues nothing. Messages
-- inserted any other way are queued as before, and the worker's search indexer moves them; an
-- operator indexing every message again queues them by hand (query-api/README.md).
CREATE OR REPLACE FUNCTION queue_messages_for_search() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, "${flyway:defaultSchema}"
AS $$
BEGIN
    IF current_setting('chatlog.search_documents', true) = 'made' THEN
        RETURN NULL;
    END IF;
    INSERT INTO message_search_queue (user_id, conversation_id, seq)
    SELECT user_id, conversation_id, seq FROM inserted;
    RETURN NULL;
END
$$;
