package dev.chatlog.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableLayoutIT {

    private static final String SCHEMA = Migrations.DEFAULT_SCHEMA;

    private DataSource dataSource;

    @BeforeAll
    void migrate(TestDatabase database) {
        dataSource = database.dataSource();
        Migrations.apply(dataSource, SCHEMA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conversations", "messages", "tool_calls"})
    void userTableHasSixteenHashPartitionsOnUserId(String table) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String partitionKey = Queries.string(c, "SELECT pg_get_partkeydef(?::regclass)", SCHEMA + "." + table);
            List<String> partitions = Queries.strings(c, """
                    SELECT p.relname || ' ' || pg_get_expr(p.relpartbound, p.oid)
                    FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid
                    WHERE i.inhparent = ?::regclass""", SCHEMA + "." + table);

            assertThat(partitionKey).isEqualTo("HASH (user_id)");
            assertThat(partitions).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 16)
                    .mapToObj(n -> "%s_p%02d FOR VALUES WITH (modulus 16, remainder %d)".formatted(table, n, n))
                    .toList());
        }
    }

    @Test
    void everyKeyAndIndexOfTheUserTablesAndTheirPartitionsStartsWithUserId() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // The first key column, or the first expression (whose first argument is then the user).
            List<String> firstColumns = Queries.strings(c, """
                    SELECT regexp_replace(pg_get_indexdef(i.indexrelid, 1, true), '^[a-z_.]+\\(', '')
                    FROM pg_index i
                    JOIN pg_class t ON t.oid = i.indrelid
                    JOIN pg_class x ON x.oid = i.indexrelid
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = ? AND t.relname NOT IN ('applied_offsets', 'flyway_schema_history',
                                                              'message_search_queue')
                      -- A full-text index holds words; its table is partitioned by user, and each search
                      -- also names the user (migration V5).
                      AND x.relname NOT LIKE 'message_search%document%'""", SCHEMA);

            // Two indexes on conversations, messages and message_search, six on tool_calls, on each
            // table and on each of its 16 partitions.
            assertThat(firstColumns).hasSize((2 + 2 + 2 + 6) * 17).allSatisfy(first -> assertThat(first).startsWith("user_id"));
        }
    }

    @Test
    void anItemWithinTheHourOfTheLastActivityUpdatesItsConversationWithoutTouchingAnIndex() throws SQLException {
        try (Connection c = Queries.open(dataSource, SCHEMA)) {
            Queries.update(c, """
                    INSERT INTO conversations (user_id, conversation_id, created_at, last_activity_at, item_count)
                    VALUES ('hot-user', 'c1', '2026-01-01T10:05:00Z', '2026-01-01T10:05:00Z', 1)""");
            String partition = Queries.string(c,
                    "SELECT tableoid::regclass::text FROM conversations WHERE user_id = 'hot-user'");
            c.setAutoCommit(false);
            String counts = "SELECT pg_stat_get_xact_tuples_updated(?::regclass) || ' '"
                    + " || pg_stat_get_xact_tuples_hot_updated(?::regclass)";

            for (String at : List.of("2026-01-01T10:30:00Z", "2026-01-01T10:59:59.999999Z")) {
                Queries.update(c, "UPDATE conversations SET last_activity_at = ?::timestamptz,"
                        + " item_count = item_count + 1 WHERE user_id = 'hot-user' AND conversation_id = 'c1'", at);
            }
            assertThat(Queries.string(c, counts, partition, partition)).as("updates, of which heap-only").isEqualTo("2 2");

            Queries.update(c, "UPDATE conversations SET last_activity_at = '2026-01-01T11:00:00Z',"
                    + " item_count = item_count + 1 WHERE user_id = 'hot-user' AND conversation_id = 'c1'");
            assertThat(Queries.string(c, counts, partition, partition)).as("a new hour is a new index entry")
                    .isEqualTo("3 2");
            assertThat(Queries.count(c, "SELECT activity_hour FROM conversations WHERE user_id = 'hot-user'"))
                    .isEqualTo(java.time.Instant.parse("2026-01-01T11:00:00Z").getEpochSecond() / 3600);
            c.rollback();
        }
    }

    @Test
    void userTablesHaveTheIndexesTheQueriesNeed() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<String> indexes = Queries.strings(c, """
                    SELECT t.relname || CASE WHEN i.indisunique THEN ' unique ' ELSE ' ' END
                           || substring(pg_get_indexdef(i.indexrelid) FROM '\\(.*\\)$')
                    FROM pg_index i
                    JOIN pg_class t ON t.oid = i.indrelid
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = ? AND t.relkind = 'p'""", SCHEMA);

            assertThat(indexes).containsExactlyInAnyOrder(
                    "conversations unique (user_id, conversation_id)",
                    "conversations (user_id, activity_hour DESC)",
                    "messages unique (user_id, conversation_id, seq)",
                    "messages unique (user_id, message_id, conversation_id)",
                    "tool_calls unique (user_id, conversation_id, seq)",
                    "tool_calls unique (user_id, tool_call_id, conversation_id)",
                    "tool_calls (user_id, requested_at, conversation_id, seq)",
                    "tool_calls (user_id, name, requested_at, conversation_id, seq)",
                    "tool_calls (user_id, status, requested_at, conversation_id, seq) WHERE (status <> 'ok'::text)",
                    "tool_calls (" + SCHEMA + ".tool_call_contents(user_id, arguments, output) jsonb_path_ops)",
                    "message_search unique (user_id, conversation_id, seq)",
                    "message_search (user_id, created_at, conversation_id, seq)",
                    "message_search (document)");
        }
    }

    @Test
    void tablesHaveTheContractedColumns() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<String> columns = Queries.strings(c, """
                    SELECT table_name || '.' || column_name || ' ' || data_type
                           || CASE WHEN is_nullable = 'YES' THEN ' null' ELSE '' END
                    FROM information_schema.columns
                    WHERE table_schema = ? AND table_name IN ('conversations', 'messages', 'tool_calls', 'applied_offsets')
                    ORDER BY table_name, ordinal_position""", SCHEMA);

            assertThat(columns).containsExactly(
                    "applied_offsets.topic text",
                    "applied_offsets.partition integer",
                    "applied_offsets.next_offset bigint",
                    "applied_offsets.updated_at timestamp with time zone",
                    "conversations.user_id text",
                    "conversations.conversation_id text",
                    "conversations.title text null",
                    "conversations.created_at timestamp with time zone",
                    "conversations.last_activity_at timestamp with time zone",
                    "conversations.item_count integer",
                    "conversations.deleted_at timestamp with time zone null",
                    "conversations.activity_hour bigint",
                    "messages.user_id text",
                    "messages.conversation_id text",
                    "messages.seq bigint",
                    "messages.message_id text",
                    "messages.role text",
                    "messages.content text",
                    "messages.created_at timestamp with time zone",
                    "tool_calls.user_id text",
                    "tool_calls.conversation_id text",
                    "tool_calls.seq bigint",
                    "tool_calls.tool_call_id text",
                    "tool_calls.message_id text null",
                    "tool_calls.name text",
                    "tool_calls.arguments jsonb",
                    "tool_calls.status text",
                    "tool_calls.output jsonb null",
                    "tool_calls.error text null",
                    "tool_calls.requested_at timestamp with time zone",
                    "tool_calls.completed_at timestamp with time zone null");
        }
    }

    @Test
    void rowsOfOneUserLandInPartitionsOfTheSameNumberInEveryTable() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            for (int u = 0; u < 32; u++) {
                SampleRows.insertConversation(c, "layout-user-" + u, "conv-1", 2);
            }
            List<String> partitionsPerUser = Queries.strings(c, """
                    SELECT string_agg(DISTINCT right(relname, 3), ',')
                    FROM (SELECT user_id, tableoid FROM conversations
                          UNION ALL SELECT user_id, tableoid FROM messages
                          UNION ALL SELECT user_id, tableoid FROM tool_calls) items
                    JOIN pg_class ON pg_class.oid = items.tableoid
                    WHERE user_id LIKE 'layout-user-%'
                    GROUP BY user_id""");

            assertThat(partitionsPerUser).hasSize(32).allMatch(suffixes -> suffixes.matches("p\\d\\d"));
            assertThat(Set.copyOf(partitionsPerUser)).as("partitions holding the users").hasSizeGreaterThanOrEqualTo(8);
        }
    }
}
