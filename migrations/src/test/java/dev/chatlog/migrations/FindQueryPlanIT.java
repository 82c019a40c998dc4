package dev.chatlog.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plans of the finder functions of migration V5 (the statements they build, planned as the role
 * the functions run as, {@code chatlog_finder}, under its row-level security policies): each stays
 * in the user's partition and is served by the index chosen for it; the functions themselves, called
 * by the reader role, read the GIN indexes; and they return only keys of the transaction's user.
 */
@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindQueryPlanIT {

    static final String USER = "heavy-user";
    private static final String KEYS_OF_CALLS = """
            SELECT t.conversation_id, t.seq FROM tool_calls t JOIN conversations c
              ON c.user_id = t.user_id AND c.conversation_id = t.conversation_id AND c.deleted_at IS NULL
             WHERE t.user_id = 'heavy-user'""";
    private static final String KEYS_OF_MESSAGES = """
            SELECT m.conversation_id, m.seq FROM message_search m JOIN conversations c
              ON c.user_id = m.user_id AND c.conversation_id = m.conversation_id AND c.deleted_at IS NULL
             WHERE m.user_id = 'heavy-user'""";
    private static final String NEWEST_CALLS = " ORDER BY t.requested_at DESC, t.conversation_id DESC, t.seq DESC LIMIT 21";
    private static final String NEWEST_MESSAGES = " ORDER BY m.created_at DESC, m.conversation_id DESC, m.seq DESC LIMIT 21";

    /** A statement a finder function builds, and the index that must serve it. */
    enum FinderShape {
        CALLS_NEWEST_FIRST(KEYS_OF_CALLS + NEWEST_CALLS, "tool_calls_user_requested_idx"),
        CALLS_AFTER_A_CURSOR(KEYS_OF_CALLS + " AND (t.requested_at, t.conversation_id, t.seq)"
                + " < ('2026-01-01T00:10:00Z', 'conv-0005', 4)" + NEWEST_CALLS, "tool_calls_user_requested_idx"),
        CALLS_SINCE_UNTIL(KEYS_OF_CALLS + " AND t.requested_at >= '2026-01-01T00:05:00Z'"
                + " AND t.requested_at < '2026-01-01T00:06:00Z'" + NEWEST_CALLS, "tool_calls_user_requested_idx"),
        CALLS_BY_NAME(KEYS_OF_CALLS + " AND t.name = 'delete_task'" + NEWEST_CALLS, "tool_calls_user_name_requested_idx"),
        CALLS_PENDING(KEYS_OF_CALLS + " AND t.status = 'pending'" + NEWEST_CALLS, "tool_calls_user_unfinished_idx"),
        CALLS_BY_ARGUMENTS(KEYS_OF_CALLS + " AND tool_call_contents(t.user_id, t.arguments, t.output)"
                + " @> jsonb_set('{}', ARRAY['heavy-user'], '{\"a\": {\"task_id\": 77}}')" + NEWEST_CALLS, "tool_calls_contents_idx"),
        CALLS_BY_OUTPUT_AND_NAME(KEYS_OF_CALLS + " AND t.name = 'add_task' AND tool_call_contents(t.user_id, t.arguments,"
                + " t.output) @> jsonb_set('{}', ARRAY['heavy-user'], '{\"o\": {\"id\": 77}}')" + NEWEST_CALLS, "tool_calls_contents_idx"),
        // V7: when few of the newest calls match, find_tool_calls orders by an expression no index gives
        CALLS_BY_RARE_ARGUMENTS(KEYS_OF_CALLS + " AND tool_call_contents(t.user_id, t.arguments, t.output)"
                + " @> jsonb_set('{}', ARRAY['heavy-user'], '{\"a\": {\"task_id\": 77}}')"
                + " ORDER BY t.requested_at + interval '0 s' DESC, t.conversation_id DESC, t.seq DESC LIMIT 21",
                "tool_calls_contents_idx"),
        SEARCH_RARE_WORD(KEYS_OF_MESSAGES + " AND m.document @@ websearch_to_tsquery('simple'::regconfig, 'zebra')"
                + NEWEST_MESSAGES, "message_search_document_idx"),
        SEARCH_COMMON_WORD(KEYS_OF_MESSAGES + " AND m.document @@ websearch_to_tsquery('simple'::regconfig, 'task')"
                + NEWEST_MESSAGES, "message_search_user_created_idx");

        final String sql;
        final String index;

        FinderShape(String sql, String index) {
            this.sql = sql;
            this.index = index;
        }
    }

    private DataSource dataSource;

    @BeforeAll
    void migrateAndInsertAUserWithALongHistoryBesideOthers(TestDatabase database) throws SQLException {
        dataSource = database.dataSource();
        Migrations.apply(dataSource, Migrations.DEFAULT_SCHEMA);
        try (Connection c = Queries.open(dataSource)) {
            for (String user : List.of(USER, "other-1", "other-2", "other-3")) {
                Queries.update(c, """
                        INSERT INTO conversations (user_id, conversation_id, title, created_at, last_activity_at, item_count)
                        SELECT ?, 'conv-' || lpad(n::text, 4, '0'), 't', '2026-01-01', '2026-01-01', 40
                          FROM generate_series(1, 200) n""", user);
                Queries.update(c, """
                        INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)
                        SELECT ?, 'conv-' || lpad(n::text, 4, '0'), s, 'm' || s, 'user',
                               'please add the task number ' || s || CASE WHEN (n * 40 + s) % 397 = 0 THEN ' zebra' ELSE '' END,
                               timestamptz '2026-01-01' + (n * 40 + s) * interval '1 second'
                          FROM generate_series(1, 200) n, generate_series(1, 39, 2) s""", user);
                Queries.update(c, """
                        INSERT INTO tool_calls (user_id, conversation_id, seq, tool_call_id, name, arguments, status,
                                                output, requested_at, completed_at)
                        SELECT ?, 'conv-' || lpad(n::text, 4, '0'), s, 'call_' || s,
                               (ARRAY['add_task', 'list_tasks', 'complete_task', 'update_task', 'delete_task'])[1 + s / 2 % 5],
                               jsonb_build_object('task_id', n * 40 + s), CASE WHEN n * s % 500 = 0 THEN 'pending' ELSE 'ok' END,
                               jsonb_build_object('id', n * 40 + s), timestamptz '2026-01-01' + (n * 40 + s) * interval '1 second',
                               timestamptz '2026-01-01' + (n * 40 + s) * interval '1 second'
                          FROM generate_series(1, 200) n, generate_series(2, 40, 2) s""", user);
            }
            Queries.string(c, "SELECT index_messages_for_search(1000000, 'simple')");
            // as autovacuum would: merges the full-text index's pending list, which the planner counts as costly
            Queries.execute(c, "VACUUM ANALYZE");
        }
    }

    @Test
    void messagesBecomeSearchableThroughTheQueueAndLeaveTheSearchTableWithTheirUser() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.update(c, """
                    INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)
                    SELECT 'erased-user', 'conv-1', s, 'm' || s, 'user', 'erase me ' || s, now()
                      FROM generate_series(1, 30) s""");
            assertThat(Queries.count(c, "SELECT count(*) FROM message_search_queue WHERE user_id = 'erased-user'"))
                    .isEqualTo(30);
            assertThat(Queries.count(c, "SELECT index_messages_for_search(20, 'simple')")).isEqualTo(20);
            assertThat(Queries.count(c, "SELECT index_messages_for_search(20, 'simple')")).isEqualTo(10);
            assertThat(Queries.count(c, "SELECT count(*) FROM message_search_queue")).isZero();
            assertThat(Queries.count(c, "SELECT count(*) FROM message_search WHERE user_id = 'erased-user'"
                    + " AND document @@ 'erase & 17'::tsquery")).isEqualTo(1);
            Queries.update(c, "DELETE FROM messages WHERE user_id = 'erased-user'");
            assertThat(Queries.count(c, "SELECT count(*) FROM message_search WHERE user_id = 'erased-user'")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(FinderShape.class)
    void finderStatementReadsOnlyTheUsersPartitionsThroughItsIndex(FinderShape shape) throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.FINDER_ROLE, USER);
            // Left to costs, small tables are read whole; forbidding that shows what the indexes can do.
            Queries.execute(c, "SET LOCAL enable_seqscan = off");
            String plan = Queries.explain(c, shape.sql);
            c.rollback();
            c.setAutoCommit(true);

            assertThat(partitionsOfUser(c)).as(plan).containsAll(Queries.planValues(c, plan, "Relation Name"));
            assertThat(parentIndexes(c, Queries.planValues(c, plan, "Index Name"))).as(plan).contains(shape.index);
            assertThat(Queries.strings(c, "SELECT jsonb_path_query(?::jsonb,"
                    + " 'lax $.** ? (@.\"Node Type\" == \"Seq Scan\").\"Relation Name\"') #>> '{}'", plan))
                    .as("read whole (at this size, the planner may read the user's conversations whole)")
                    .allSatisfy(relation -> assertThat(relation).startsWith("conversations_p"));
        }
    }

    @Test
    void orderedFindersNeedNoSort() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.FINDER_ROLE, USER);
            for (FinderShape shape : List.of(FinderShape.CALLS_NEWEST_FIRST, FinderShape.CALLS_AFTER_A_CURSOR,
                    FinderShape.CALLS_BY_NAME, FinderShape.SEARCH_COMMON_WORD)) {
                String plan = Queries.explain(c, shape.sql);
                assertThat(Queries.planValues(c, plan, "Node Type")).as(plan)
                        .doesNotContain("Sort", "Incremental Sort");
            }
            c.rollback();
        }
    }

    /**
     * Why the finder functions exist: under the reader role's row-level security policy, PostgreSQL
     * does not use a qual that is not leakproof (such as @> or @@) as an index condition, so the same
     * containment query read directly by the reader cannot use the GIN index. If a PostgreSQL release
     * changes this, this test says so, and the functions could go.
     */
    @Test
    void theReaderRoleCannotUseTheGinIndexesDirectly() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, USER);
            String plan = Queries.explain(c, FinderShape.CALLS_BY_ARGUMENTS.sql.replace(KEYS_OF_CALLS,
                    "SELECT t.conversation_id, t.seq FROM tool_calls t WHERE t.user_id = 'heavy-user'"));
            assertThat(parentIndexes(c, Queries.planValues(c, plan, "Index Name"))).as(plan).doesNotContain("tool_calls_contents_idx");
            c.rollback();
        }
    }

    /**
     * The functions as the API calls them: the reader role calls, they run as {@code chatlog_finder}
     * under its policies, and containment and rare-word search read the GIN indexes (PostgreSQL's
     * scan counters of this transaction say so), where the same containment read by the reader
     * directly does not.
     */
    @Test
    void theFunctionsCalledByTheReaderReadTheGinIndexes() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, USER);

            long contents = scans(c, "tool_calls_contents_idx");
            assertThat(Queries.strings(c, "SELECT conversation_id || '/' || seq FROM find_tool_calls("
                    + "'{\"contains\": {\"a\": {\"task_id\": 4018}}, \"descending\": true, \"limit\": 21}')"))
                    .containsExactly("conv-0100/18");
            assertThat(scans(c, "tool_calls_contents_idx")).isGreaterThan(contents);

            long documents = scans(c, "message_search_document_idx");
            List<String> zebras = Queries.strings(c, "SELECT conversation_id || '/' || seq FROM search_messages("
                    + "'{\"config\": \"simple\", \"q\": \"zebra\", \"limit\": 21}')");
            assertThat(zebras).hasSize((int) Queries.count(c, "SELECT count(*) FROM generate_series(1, 200) n,"
                    + " generate_series(1, 39, 2) s WHERE (n * 40 + s) % 397 = 0"));
            assertThat(scans(c, "message_search_document_idx")).isGreaterThan(documents);

            long direct = scans(c, "tool_calls_contents_idx");
            assertThat(Queries.count(c, "SELECT count(*) FROM tool_calls t WHERE t.user_id = ? AND"
                    + " tool_call_contents(t.user_id, t.arguments, t.output) @> jsonb_set('{}', ARRAY[?], '{\"a\": {\"task_id\": 4018}}')",
                    USER, USER)).isEqualTo(1);
            assertThat(scans(c, "tool_calls_contents_idx")).isEqualTo(direct);
            c.rollback();
        }
    }

    /**
     * find_tool_calls counts the matches among the newest calls on the columns (arguments @> a,
     * output @> o), then returns them through the GIN index's expression: both must agree, for an
     * arguments filter, an output filter and both at once, or the walk and the index answer differently.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": {\"task_id\": 4018}}", "{\"o\": {\"id\": 4018}}",
            "{\"a\": {\"task_id\": 4018}, \"o\": {\"id\": 4018}}", "{\"a\": {\"task_id\": 4018}, \"o\": {\"id\": 4016}}",
            "{\"a\": {}}", "{\"a\": {}, \"o\": {}}", "{\"a\": {\"task_id\": \"4018\"}}"})
    void theCountOnTheColumnsAgreesWithTheIndexExpression(String contains) throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.FINDER_ROLE, USER);
            long onColumns = Queries.count(c, "SELECT count(*) FROM tool_calls t WHERE t.user_id = ?"
                    + " AND (NOT jsonb_exists(?::jsonb, 'a') OR t.arguments @> (?::jsonb -> 'a'))"
                    + " AND (NOT jsonb_exists(?::jsonb, 'o') OR t.output @> (?::jsonb -> 'o'))", USER, contains, contains, contains, contains);
            long onExpression = Queries.count(c, "SELECT count(*) FROM tool_calls t WHERE t.user_id = ? AND"
                    + " tool_call_contents(t.user_id, t.arguments, t.output) @> jsonb_set('{}', ARRAY[?], ?::jsonb)",
                    USER, USER, contains);
            c.rollback();
            Queries.beginAs(c, Migrations.READER_ROLE, USER);
            List<String> found = Queries.strings(c, "SELECT conversation_id || '/' || seq FROM find_tool_calls("
                    + "jsonb_build_object('contains', ?::jsonb, 'descending', true, 'limit', 5000))", contains);
            c.rollback();

            assertThat(onColumns).isEqualTo(onExpression);
            assertThat(found).hasSize((int) Math.min(onExpression, 5000));
        }
    }

    /** A containment most of the newest calls match is served by walking them, not by the GIN index. */
    @Test
    void aCommonContainmentWalksTheNewestCalls() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, USER);
            long contents = scans(c, "tool_calls_contents_idx");

            List<String> keys = Queries.strings(c, "SELECT conversation_id || '/' || seq FROM find_tool_calls("
                    + "'{\"contains\": {\"o\": {}}, \"descending\": true, \"limit\": 21}')");

            assertThat(keys).isEqualTo(Queries.strings(c, "SELECT conversation_id || '/' || seq FROM tool_calls"
                    + " WHERE user_id = ? ORDER BY requested_at DESC, conversation_id DESC, seq DESC LIMIT 21", USER));
            assertThat(scans(c, "tool_calls_contents_idx")).isEqualTo(contents);
            c.rollback();
        }
    }

    @Test
    void findersReturnOnlyKeysOfTheTransactionsUser() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, "other-2");
            assertThat(Queries.strings(c, "SELECT seq FROM find_tool_calls('{\"contains\": {\"a\": {\"task_id\": 82}},"
                    + " \"descending\": true, \"limit\": 5}')")).containsExactly("2");
            assertThat(Queries.strings(c, "SELECT conversation_id FROM search_messages('{\"config\": \"simple\","
                    + " \"q\": \"zebra\", \"limit\": 100}')")).hasSizeGreaterThan(0);
            c.rollback();
            Queries.beginAs(c, Migrations.READER_ROLE, null);
            assertThat(Queries.strings(c, "SELECT seq FROM find_tool_calls('{\"limit\": 5}')")).isEmpty();
            assertThat(Queries.strings(c, "SELECT seq FROM search_messages('{\"config\": \"simple\", \"q\": \"task\","
                    + " \"limit\": 5}')")).isEmpty();
            c.rollback();
        }
    }

    /** Scans of {@code index} (of a partitioned table, so on any of its partitions) this transaction began. */
    private static long scans(Connection c, String index) throws SQLException {
        return Queries.count(c, "SELECT coalesce(sum(pg_stat_get_xact_numscans(i.inhrelid)), 0) FROM pg_inherits i"
                + " WHERE i.inhparent = ?::regclass", index);
    }


    /** The index of the partitioned table that each partition's index belongs to. */
    private static Set<String> parentIndexes(Connection c, Set<String> partitionIndexes) throws SQLException {
        return Set.copyOf(Queries.strings(c, """
                SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_class x ON x.oid = i.inhrelid
                 WHERE x.relname = ANY (?::text[])""", String.join(",", partitionIndexes).isEmpty()
                ? "{}" : "{" + String.join(",", partitionIndexes) + "}"));
    }

    private static List<String> partitionsOfUser(Connection c) throws SQLException {
        return Queries.strings(c, """
                SELECT DISTINCT p.relname FROM (
                    SELECT tableoid FROM conversations WHERE user_id = ? UNION ALL
                    SELECT tableoid FROM messages WHERE user_id = ? UNION ALL
                    SELECT tableoid FROM tool_calls WHERE user_id = ? UNION ALL
                    SELECT tableoid FROM message_search WHERE user_id = ?) t
                JOIN pg_class p ON p.oid = t.tableoid""", USER, USER, USER, USER);
    }
}
