-- begin_batch (V3), made cheaper for PostgreSQL when batches are small.
--
-- A batch's statements are the same few on every connection, but each execution was planned anew:
-- PostgreSQL keeps planning a prepared statement for its parameters while that plan is estimated
-- cheaper than a generic one, and with arrays for parameters it always is. Planning a lookup or an
-- update of a partitioned table opens every partition and its indexes, so at 1,000 events/s, with
-- batches of a few events, planning took about a fifth of the writers' CPU in PostgreSQL and
-- begin_batch's own dynamic query another twentieth. Now:
-- * the transaction uses generic plans (plan_cache_mode = force_generic_plan): each statement is
--   planned once per connection, and a batch's plans do not depend on its sizes anyway (hash and
--   merge joins are ruled out; lookups are index nested loops, pruned to the partition at run
--   time);
-- * the offsets are read by a static query, whose plan the function keeps, instead of a query
--   assembled per call. It names applied_offsets unqualified: the search path set just before
--   holds only the target schema, and PostgreSQL plans the query again when the path changes (a
--   rebuild's switch). pg_temp is listed last, so a temporary table cannot stand in for
--   applied_offsets, nor for the tables the batch's statements name afterwards.
--
-- Otherwise as in V3: no SET clause (the settings outlive the call, up to the end of the
-- transaction), and the function runs with its caller's rights (the writer role).
CREATE OR REPLACE FUNCTION "${flyway:defaultSchema}".begin_batch(deployment text, topic text, partitions integer[])
    RETURNS TABLE (partition integer, next_offset bigint)
    LANGUAGE plpgsql
AS $$
DECLARE
    target text;
BEGIN
    SELECT d.active_schema INTO target FROM "${flyway:defaultSchema}".deployments d
     WHERE d.name = deployment FOR SHARE;
    target := coalesce(target, deployment);
    PERFORM pg_catalog.set_config('search_path', pg_catalog.quote_ident(target) || ', pg_temp', true),
            pg_catalog.set_config('enable_hashjoin', 'off', true),
            pg_catalog.set_config('enable_mergejoin', 'off', true),
            pg_catalog.set_config('plan_cache_mode', 'force_generic_plan', true);
    RETURN QUERY
        SELECT o.partition, o.next_offset FROM applied_offsets o
         WHERE o.topic = begin_batch.topic AND o.partition = ANY (begin_batch.partitions)
         ORDER BY o.partition FOR UPDATE;
END
$$;
