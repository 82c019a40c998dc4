-- The first round trip of every batch of the worker, where it used to take three: hold the
-- deployment's control row FOR SHARE (so a rebuild's switch waits for the batch, and the batch
-- for the switch), point the transaction at the schema that row names (the deployment's own name
-- when it has no row), rule out hash and merge joins for the transaction (a batch looks up a few
-- thousand keys in tables that grow without bound), and lock the stored offsets of the batch's
-- partitions FOR UPDATE, in partition order. Returns the locked partitions and their next offsets;
-- a partition without a stored offset is missing from the result (the worker creates its row and
-- locks it again).
--
-- No SET clause: the settings made here must outlive the call, up to the end of the transaction.
-- Every name is therefore qualified. The function runs with its caller's rights (the writer role).
CREATE FUNCTION "${flyway:defaultSchema}".begin_batch(deployment text, topic text, partitions integer[])
    RETURNS TABLE (partition integer, next_offset bigint)
    LANGUAGE plpgsql
AS $$
DECLARE
    target text;
BEGIN
    SELECT d.active_schema INTO target FROM "${flyway:defaultSchema}".deployments d
     WHERE d.name = deployment FOR SHARE;
    target := coalesce(target, deployment);
    PERFORM pg_catalog.set_config('search_path', pg_catalog.quote_ident(target), true),
            pg_catalog.set_config('enable_hashjoin', 'off', true),
            pg_catalog.set_config('enable_mergejoin', 'off', true);
    RETURN QUERY EXECUTE pg_catalog.format(
        'SELECT o.partition, o.next_offset FROM %I.applied_offsets o'
        ' WHERE o.topic = $1 AND o.partition = ANY ($2) ORDER BY o.partition FOR UPDATE', target)
        USING topic, partitions;
END
$$;

REVOKE ALL ON FUNCTION "${flyway:defaultSchema}".begin_batch(text, text, integer[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "${flyway:defaultSchema}".begin_batch(text, text, integer[]) TO ${writer_role};
