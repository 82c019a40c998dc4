-- Finding things in a user's history (issue 15): tool calls across conversations, by name, status,
-- time and JSON content, and full-text search of messages.
--
-- Why the finding runs in two functions: JSONB containment (@>) and text search (@@) are not
-- leakproof, and PostgreSQL never uses a qual that is not leakproof as an index condition on a
-- table whose row-level security policy must be applied first. Under the reader role's policy, a
-- containment or text search query would therefore read every row of the user. The two functions
-- below run as the owner of the tables (SECURITY DEFINER), where the indexes serve these quals, and
-- return only the keys (conversation_id, seq) of the current transaction's user
-- (chatlog.user_id): a caller cannot name another user. The API then reads the rows for those keys
-- as the reader role, under row-level security, so a wrong key could still show no other user's row.

-- Tool calls newest first across conversations, also bounded by since/until: the keyset
-- (requested_at, conversation_id, seq) is unique per user.
CREATE INDEX tool_calls_user_requested_idx ON tool_calls (user_id, requested_at, conversation_id, seq);

-- Tool calls of one name, newest first.
CREATE INDEX tool_calls_user_name_requested_idx ON tool_calls (user_id, name, requested_at, conversation_id, seq);

-- Calls that are pending or failed: few, and otherwise found only by reading every call of the
-- user. A call that completes ok leaves this index.
CREATE INDEX tool_calls_user_unfinished_idx ON tool_calls (user_id, status, requested_at, conversation_id, seq)
    WHERE status <> 'ok';

-- The document that the API's containment filters match: {"<user_id>": {"a": arguments, "o": output}}.
-- Under jsonb_path_ops every index entry is a hash of the whole path from the root to a value, so
-- the user id is part of every entry: a containment query reads only entries of its user, never
-- those of the other users who share the partition. One index serves both filters.
CREATE FUNCTION tool_call_contents(user_id text, arguments jsonb, output jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN jsonb_set('{}'::jsonb, ARRAY[user_id],
                     jsonb_set(jsonb_set('{}'::jsonb, '{a}', arguments), '{o}', coalesce(output, 'null'::jsonb)));

CREATE INDEX tool_calls_contents_idx ON tool_calls
    USING gin (tool_call_contents(user_id, arguments, output) jsonb_path_ops);

-- Full-text search reads its own table, message_search, filled after the worker's transactions
-- rather than in them. Turning a message into a tsvector (to_tsvector) costs about as much CPU as
-- storing the message; a full-text index on messages, maintained in the worker's transactions,
-- made the insertion of messages three to four times slower (measured, see query-api/README.md).
-- Instead, a statement trigger queues the keys of inserted messages (one cheap append per
-- message, no index), and the worker's search indexer moves them into message_search in batches
-- (index_messages_for_search), at a bounded share of one core. Search thus lags ingestion by
-- about a second, more while the worker catches up with a backlog.
CREATE TABLE message_search (
    user_id         text        NOT NULL,
    conversation_id text        NOT NULL,
    seq             bigint      NOT NULL,
    role            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    -- to_tsvector(<the deployment's text search configuration>, content); 'simple' by default:
    -- words in any language, matched as written.
    document        tsvector    NOT NULL,
    PRIMARY KEY (user_id, conversation_id, seq)
) PARTITION BY HASH (user_id);

DO $$
BEGIN
    FOR n IN 0..15 LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF message_search FOR VALUES WITH (MODULUS 16, REMAINDER %s)',
                       'message_search_p' || lpad(n::text, 2, '0'), n);
    END LOOP;
END
$$;

-- A search for common words walks the user's messages newest first and tests each; a search for
-- rare words reads the full-text index.
CREATE INDEX message_search_user_created_idx ON message_search (user_id, created_at, conversation_id, seq);
CREATE INDEX message_search_document_idx ON message_search USING gin (document);

-- Keys of messages not yet in message_search. No index, so queueing costs the worker one append.
CREATE TABLE message_search_queue (
    user_id         text   NOT NULL,
    conversation_id text   NOT NULL,
    seq             bigint NOT NULL
);

CREATE FUNCTION queue_messages_for_search() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, "${flyway:defaultSchema}"
AS $$
BEGIN
    INSERT INTO message_search_queue (user_id, conversation_id, seq)
    SELECT user_id, conversation_id, seq FROM inserted;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_queue_for_search AFTER INSERT ON messages
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION queue_messages_for_search();

-- An erased user's messages leave the search table with them.
CREATE FUNCTION unindex_deleted_messages() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, "${flyway:defaultSchema}"
AS $$
BEGIN
    DELETE FROM message_search s USING deleted d
     WHERE s.user_id = d.user_id AND s.conversation_id = d.conversation_id AND s.seq = d.seq;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_unindex_deleted AFTER DELETE ON messages
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION unindex_deleted_messages();

-- Moves up to batch queued messages into message_search, their documents made with the text search
-- configuration config, and returns how many it took from the queue. Concurrent callers take different rows (SKIP LOCKED). A queued message that no longer
-- exists (its user was erased) is dropped.
CREATE FUNCTION index_messages_for_search(batch integer, config regconfig) RETURNS integer LANGUAGE plpgsql
    SET search_path = pg_catalog, "${flyway:defaultSchema}"
AS $$
DECLARE
    taken integer;
BEGIN
    WITH picked AS (
        DELETE FROM message_search_queue q
         WHERE q.ctid = ANY (ARRAY(SELECT ctid FROM message_search_queue LIMIT batch FOR UPDATE SKIP LOCKED))
        RETURNING q.user_id, q.conversation_id, q.seq
    ), indexed AS (
        INSERT INTO message_search (user_id, conversation_id, seq, role, created_at, document)
        SELECT m.user_id, m.conversation_id, m.seq, m.role, m.created_at, to_tsvector(config, m.content)
          FROM picked p
          JOIN messages m ON m.user_id = p.user_id AND m.conversation_id = p.conversation_id AND m.seq = p.seq
        ON CONFLICT DO NOTHING
    )
    SELECT count(*) INTO taken FROM picked;
    RETURN taken;
END
$$;

GRANT SELECT, INSERT, DELETE ON message_search TO ${writer_role};
-- UPDATE because the indexer locks the queued rows it takes (FOR UPDATE SKIP LOCKED).
GRANT SELECT, INSERT, UPDATE, DELETE ON message_search_queue TO ${writer_role};

-- The keys of the current user's tool calls that match request r, in the requested order:
-- {"name", "status", "conversation_id", "since", "until", "contains", "after": [requested_at,
-- conversation_id, seq], "descending", "limit"}; every member but "limit" is optional. "contains" is
-- {"a": arguments filter, "o": output filter}. The statement is planned for its values on every
-- call (EXECUTE), so PostgreSQL picks the index that fits them.
CREATE FUNCTION find_tool_calls(r jsonb) RETURNS TABLE (conversation_id text, seq bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 20
    SET search_path = pg_catalog, "${flyway:defaultSchema}"
AS $$
DECLARE
    uid text := NULLIF(current_setting('chatlog.user_id', true), '');
    direction text := CASE WHEN (r->>'descending')::boolean THEN 'DESC' ELSE 'ASC' END;
    query text := 'SELECT t.conversation_id, t.seq FROM tool_calls t JOIN conversations c'
        ' ON c.user_id = t.user_id AND c.conversation_id = t.conversation_id AND c.deleted_at IS NULL'
        ' WHERE t.user_id = $1';
BEGIN
    IF uid IS NULL THEN
        RETURN;
    END IF;
    IF r ? 'name' THEN
        query := query || ' AND t.name = $2';
    END IF;
    IF r ? 'status' THEN
        query := query || format(' AND t.status = %L', r->>'status');
    END IF;
    IF r ? 'conversation_id' THEN
        query := query || ' AND t.conversation_id = $3';
    END IF;
    IF r ? 'since' THEN
        query := query || ' AND t.requested_at >= $4';
    END IF;
    IF r ? 'until' THEN
        query := query || ' AND t.requested_at < $5';
    END IF;
    IF r ? 'contains' THEN
        query := query || ' AND tool_call_contents(t.user_id, t.arguments, t.output) @> jsonb_set(''{}'', ARRAY[$1], $6)';
    END IF;
    IF r ? 'after' THEN
        query := query || format(' AND (t.requested_at, t.conversation_id, t.seq) %s ($7, $8, $9)',
                                 CASE direction WHEN 'DESC' THEN '<' ELSE '>' END);
    END IF;
    query := query || format(' ORDER BY t.requested_at %1$s, t.conversation_id %1$s, t.seq %1$s LIMIT $10', direction);
    RETURN QUERY EXECUTE query
        USING uid, r->>'name', r->>'conversation_id', (r->>'since')::timestamptz, (r->>'until')::timestamptz,
              r->'contains', (r->'after'->>0)::timestamptz, r->'after'->>1, (r->'after'->>2)::bigint,
              (r->>'limit')::integer;
END
$$;

-- The keys of the current user's indexed messages that match request r, newest first: {"config"
-- (the text search configuration of the query; the documents are made with 'simple'), "q"
-- (web-search syntax), "role", "conversation_id", "after": [created_at, conversation_id, seq], "limit"}.
CREATE FUNCTION search_messages(r jsonb) RETURNS TABLE (conversation_id text, seq bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 20
    SET search_path = pg_catalog, "${flyway:defaultSchema}"
AS $$
DECLARE
    uid text := NULLIF(current_setting('chatlog.user_id', true), '');
    config text := (r->>'config')::regconfig::text;
    filters text := '';
    found bigint;
    newest text := 'm.created_at';
BEGIN
    IF uid IS NULL THEN
        RETURN;
    END IF;
    IF r ? 'role' THEN
        filters := filters || format(' AND m.role = %L', r->>'role');
    END IF;
    IF r ? 'conversation_id' THEN
        filters := filters || ' AND m.conversation_id = $3';
    END IF;
    IF r ? 'after' THEN
        filters := filters || ' AND (m.created_at, m.conversation_id, m.seq) < ($4, $5, $6)';
    END IF;
    -- Common words are found by walking the user's newest messages; rare ones through the full-text
    -- index. With a LIMIT, PostgreSQL tends to walk even for a rare word, which then reads the whole
    -- history: so the walk is chosen here only when the 2,000 newest messages hold a full page.
    EXECUTE format('SELECT count(*) FROM (SELECT m.document FROM message_search m WHERE m.user_id = $1%s'
        ' ORDER BY m.created_at DESC, m.conversation_id DESC, m.seq DESC LIMIT 2000) m'
        ' WHERE m.document @@ websearch_to_tsquery(%L::regconfig, $2)', filters, config)
        INTO found
        USING uid, r->>'q', r->>'conversation_id', (r->'after'->>0)::timestamptz, r->'after'->>1,
              (r->'after'->>2)::bigint;
    IF found < (r->>'limit')::integer THEN
        -- an order the index cannot give: PostgreSQL reads the matches through the full-text index
        newest := 'm.created_at + interval ''0 s''';
    END IF;
    RETURN QUERY EXECUTE format('SELECT m.conversation_id, m.seq FROM message_search m JOIN conversations c'
        ' ON c.user_id = m.user_id AND c.conversation_id = m.conversation_id AND c.deleted_at IS NULL'
        ' WHERE m.user_id = $1 AND m.document @@ websearch_to_tsquery(%L::regconfig, $2)%s'
        ' ORDER BY %s DESC, m.conversation_id DESC, m.seq DESC LIMIT $7', config, filters, newest)
        USING uid, r->>'q', r->>'conversation_id', (r->'after'->>0)::timestamptz, r->'after'->>1,
              (r->'after'->>2)::bigint, (r->>'limit')::integer;
END
$$;

REVOKE ALL ON FUNCTION find_tool_calls(jsonb), search_messages(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_tool_calls(jsonb), search_messages(jsonb) TO ${reader_role};
