-- find_tool_calls counts its containment matches among the newest calls cheaply, and never starts
-- parallel workers.
--
-- V7's count of the matches among the 2,000 newest calls tested each call with the GIN index's
-- expression, tool_call_contents(user_id, arguments, output), which builds a JSON document per row:
-- 7.2 ms of a read's time (bench/run api --reads find). The count now tests arguments @> the
-- arguments filter and output @> the output filter, which hold exactly when the expression
-- contains the filter: both filters are JSON objects (the API refuses anything else), and an
-- object contains another object only key by key, at any depth. The statement that returns the
-- keys keeps the expression, so that PostgreSQL can read the GIN index for it.
--
-- A rare value read through the GIN index started a parallel worker to return a handful of rows
-- (7.8 ms); these statements are keyed lookups and short walks, never worth one.

DROP FUNCTION find_tool_calls(jsonb);

-- The keys of the current user's tool calls that match request r, in the requested order:
-- {"name", "status", "conversation_id", "since", "until", "contains", "after": [requested_at,
-- conversation_id, seq], "descending", "limit"}; every member but "limit" is optional. "contains" is
-- {"a": arguments filter, "o": output filter}. The statement is planned for its values on every
-- call (EXECUTE), so PostgreSQL picks the index that fits them.
CREATE FUNCTION find_tool_calls(r jsonb) RETURNS TABLE (conversation_id text, seq bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 20
    SET search_path = pg_catalog, "${flyway:defaultSchema}"
    SET max_parallel_workers_per_gather = 0
AS $$
DECLARE
    uid text := NULLIF(current_setting('chatlog.user_id', true), '');
    direction text := CASE WHEN (r->>'descending')::boolean THEN 'DESC' ELSE 'ASC' END;
    filters text := '';
    containment text := ' AND tool_call_contents(t.user_id, t.arguments, t.output) @> jsonb_set(''{}'', ARRAY[$1], $6)';
    -- the same test on the columns themselves, for the count
    counted text := '';
    found bigint;
    requested text := 't.requested_at';
BEGIN
    IF uid IS NULL THEN
        RETURN;
    END IF;
    IF r ? 'name' THEN
        filters := filters || ' AND t.name = $2';
    END IF;
    IF r ? 'status' THEN
        filters := filters || format(' AND t.status = %L', r->>'status');
    END IF;
    IF r ? 'conversation_id' THEN
        filters := filters || ' AND t.conversation_id = $3';
    END IF;
    IF r ? 'since' THEN
        filters := filters || ' AND t.requested_at >= $4';
    END IF;
    IF r ? 'until' THEN
        filters := filters || ' AND t.requested_at < $5';
    END IF;
    IF r ? 'after' THEN
        filters := filters || format(' AND (t.requested_at, t.conversation_id, t.seq) %s ($7, $8, $9)',
                                     CASE direction WHEN 'DESC' THEN '<' ELSE '>' END);
    END IF;
    IF r ? 'contains' THEN
        IF r->'contains' ? 'a' THEN
            counted := counted || ' AND t.arguments @> ($6->''a'')';
        END IF;
        IF r->'contains' ? 'o' THEN
            counted := counted || ' AND t.output @> ($6->''o'')';
        END IF;
        EXECUTE format('SELECT count(*) FROM (SELECT t.user_id, t.arguments, t.output FROM tool_calls t'
            ' WHERE t.user_id = $1%1$s ORDER BY t.requested_at %2$s, t.conversation_id %2$s, t.seq %2$s LIMIT 2000) t'
            ' WHERE true%3$s', filters, direction, counted)
            INTO found
            USING uid, r->>'name', r->>'conversation_id', (r->>'since')::timestamptz, (r->>'until')::timestamptz,
                  r->'contains', (r->'after'->>0)::timestamptz, r->'after'->>1, (r->'after'->>2)::bigint;
        IF found < (r->>'limit')::integer THEN
            -- an order the index cannot give: PostgreSQL reads the matches through the GIN index
            requested := 't.requested_at + interval ''0 s''';
        END IF;
        filters := filters || containment;
    END IF;
    RETURN QUERY EXECUTE format('SELECT t.conversation_id, t.seq FROM tool_calls t JOIN conversations c'
        ' ON c.user_id = t.user_id AND c.conversation_id = t.conversation_id AND c.deleted_at IS NULL'
        ' WHERE t.user_id = $1%1$s ORDER BY %3$s %2$s, t.conversation_id %2$s, t.seq %2$s LIMIT $10',
        filters, direction, requested)
        USING uid, r->>'name', r->>'conversation_id', (r->>'since')::timestamptz, (r->>'until')::timestamptz,
              r->'contains', (r->'after'->>0)::timestamptz, r->'after'->>1, (r->'after'->>2)::bigint,
              (r->>'limit')::integer;
END
$$;

REVOKE ALL ON FUNCTION find_tool_calls(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_tool_calls(jsonb) TO ${reader_role};

-- As in V6: the function goes to ${finder_role}; a migration user that is no superuser takes that
-- role for this statement only (see V6 and migrations/README.md for the one-time grant it needs).
DO $$
DECLARE
    is_superuser boolean := (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user);
BEGIN
    IF NOT is_superuser THEN
        EXECUTE format('GRANT %I TO %I', '${finder_role}', current_user);
        GRANT CREATE ON SCHEMA "${flyway:defaultSchema}" TO ${finder_role};
    END IF;
    ALTER FUNCTION find_tool_calls(jsonb) OWNER TO ${finder_role};
    IF NOT is_superuser THEN
        REVOKE CREATE ON SCHEMA "${flyway:defaultSchema}" FROM ${finder_role};
        EXECUTE format('REVOKE %I FROM %I', '${finder_role}', current_user);
    END IF;
END
$$;
