-- Row-level security binds every role that touches user rows, the tables' owner included.
--
-- Until now it was enabled but not forced, so it did not bind the owner (the login that runs these
-- migrations): an application logged in as the owner, or one whose role switch was lost, read every
-- user's rows, and so did the two finder functions of V5, which ran as the owner. Forced, it binds
-- the owner too, and no policy names the owner: the owner sees and writes no user row. Only
-- superusers and roles with BYPASSRLS still pass it, and the query API refuses to run as either.
--
-- The finder functions now run as ${finder_role}, a role of their own (NOLOGIN, no member). They
-- still must run as a role other than the caller: JSONB containment (@>) and text search (@@) are
-- not leakproof, and PostgreSQL uses a qual that is not leakproof as an index condition only when
-- no security qual must be applied before it. ${finder_role}'s policies are USING (true), which the
-- planner drops as a constant, so no security qual remains and the indexes serve the functions'
-- filters (FindQueryPlanIT plans each shape as ${finder_role}). The functions take the user only
-- from the transaction's chatlog.user_id, and only ${reader_role} may call them: what the policy
-- lets the role read, only the functions' fixed statements read, and always for that one user.
--
-- Every table that holds user rows is covered, the search table and its queue too. applied_offsets
-- holds none and stays readable by the owner (a rebuild compares the offsets of two schemas as the
-- owner); flyway_schema_history is Flyway's.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${finder_role}') THEN
        BEGIN
            CREATE ROLE ${finder_role} NOLOGIN;
        EXCEPTION
            -- Another database of the cluster created it concurrently.
            WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
END
$$;

-- What the finder functions read, and nothing else.
GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO ${finder_role};
GRANT SELECT ON conversations, tool_calls, message_search TO ${finder_role};

CREATE POLICY conversations_of_the_finder ON conversations FOR SELECT TO ${finder_role} USING (true);
CREATE POLICY tool_calls_of_the_finder ON tool_calls FOR SELECT TO ${finder_role} USING (true);

-- The search table and its queue: only the worker writes them (its indexer, and the triggers on
-- messages, which run as the worker), only the finder reads the search table.
ALTER TABLE message_search ENABLE ROW LEVEL SECURITY;
ALTER TABLE message_search_queue ENABLE ROW LEVEL SECURITY;
CREATE POLICY message_search_of_every_user ON message_search FOR ALL TO ${writer_role}
    USING (true) WITH CHECK (true);
CREATE POLICY message_search_of_the_finder ON message_search FOR SELECT TO ${finder_role} USING (true);
CREATE POLICY message_search_queue_of_every_user ON message_search_queue FOR ALL TO ${writer_role}
    USING (true) WITH CHECK (true);

-- Forced on the tables, and enabled and forced, with no policy at all, on their partitions. Queries
-- through a partitioned table apply only its own policies, so the applications see no difference;
-- nobody but the owner has a privilege on a partition, and now not even the owner reads one directly.
DO $$
DECLARE
    user_table text;
    rel regclass;
BEGIN
    FOREACH user_table IN ARRAY ARRAY['conversations', 'messages', 'tool_calls', 'message_search',
                                      'message_search_queue'] LOOP
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', user_table);
        FOR rel IN SELECT i.inhrelid::regclass FROM pg_catalog.pg_inherits i
                    WHERE i.inhparent = user_table::regclass LOOP
            EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', rel);
            EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', rel);
        END LOOP;
    END LOOP;
END
$$;

-- The finder functions change owner. Only a superuser, or a role that may SET ROLE to the new owner
-- (which must also have CREATE on the schema), may give an object away. A migration user that is no
-- superuser takes ${finder_role} for this statement only, and gives it back: afterwards no role
-- but superusers may act as ${finder_role}, and none inherits its policies.
DO $$
DECLARE
    is_superuser boolean := (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user);
    members text;
BEGIN
    IF NOT is_superuser THEN
        BEGIN
            EXECUTE format('GRANT %I TO %I', '${finder_role}', current_user);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('the migration user %s may not make %s the owner of the finder functions',
                                 current_user, '${finder_role}'),
                HINT = format('Run the migrations as a superuser once, or let a superuser run'
                              ' GRANT %1$s TO %2$s WITH ADMIN TRUE, INHERIT FALSE, SET FALSE (PostgreSQL 16 and'
                              ' later) or ALTER ROLE %2$s CREATEROLE (PostgreSQL 15). See migrations/README.md.',
                              '${finder_role}', current_user);
        END;
        GRANT CREATE ON SCHEMA "${flyway:defaultSchema}" TO ${finder_role};
    END IF;
    ALTER FUNCTION find_tool_calls(jsonb) OWNER TO ${finder_role};
    ALTER FUNCTION search_messages(jsonb) OWNER TO ${finder_role};
    IF NOT is_superuser THEN
        REVOKE CREATE ON SCHEMA "${flyway:defaultSchema}" FROM ${finder_role};
        EXECUTE format('REVOKE %I FROM %I', '${finder_role}', current_user);
    END IF;
    -- A role that inherits the finder role, or may SET ROLE to it (before PostgreSQL 16, every
    -- member may), would read every user's rows through its policies.
    SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname) INTO members
      FROM pg_catalog.pg_roles r
     WHERE NOT r.rolsuper AND r.rolname <> '${finder_role}'
       AND (pg_catalog.pg_has_role(r.oid, '${finder_role}', 'USAGE')
            OR CASE WHEN current_setting('server_version_num')::integer >= 160000
                    THEN pg_catalog.pg_has_role(r.oid, '${finder_role}', 'SET')
                    ELSE pg_catalog.pg_has_role(r.oid, '${finder_role}', 'MEMBER') END);
    IF members IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('roles %s may act as %s, whose policies show every user''s rows', members, '${finder_role}'),
            HINT = format('Revoke %s from them: no role may be a member of it.', '${finder_role}');
    END IF;
END
$$;

-- ALTER ... OWNER keeps the functions' privileges: EXECUTE for ${reader_role} only.
