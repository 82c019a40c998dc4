-- Row-level security binds the tables' owner too. Until now it bound only the two roles, and the
-- owner (the login that runs these migrations) read and wrote every user's rows: a worker or an
-- API logged in as the owner, or one whose role switch was lost, bypassed the policies. Forced,
-- the owner sees and writes nothing through the policies, because none names it; only superusers
-- and roles with BYPASSRLS still pass, and the query API refuses to run as either.
--
-- The partitions get it too, enabled and forced with no policy at all: nobody but their owner has
-- a privilege on a partition, and now not even the owner reads one directly. Queries through the
-- partitioned tables check only the parents' policies, so the applications see no difference.
--
-- A later migration that must change user rows as the owner does so under a policy of its own,
-- or between ALTER TABLE ... NO FORCE ROW LEVEL SECURITY and FORCE again in the same migration.

DO $$
DECLARE
    parent text;
    n integer;
BEGIN
    FOREACH parent IN ARRAY ARRAY['conversations', 'messages', 'tool_calls'] LOOP
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', parent);
        FOR n IN 0..15 LOOP
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', parent || '_p' || lpad(n::text, 2, '0'));
            EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', parent || '_p' || lpad(n::text, 2, '0'));
        END LOOP;
    END LOOP;
END
$$;
