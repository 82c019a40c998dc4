package dev.chatlog.worker.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a {@link BatchPlan} with one statement per table, each over {@code unnest} of column
 * arrays: erasures first, then conversations (whole rows, upserted), messages, tool calls, and
 * completions of tool calls stored by earlier batches.
 */
final class BatchWriter {

    private static final List<String> ERASE = List.of(
            "DELETE FROM messages WHERE user_id = ANY(?::text[])",
            "DELETE FROM tool_calls WHERE user_id = ANY(?::text[])",
            "DELETE FROM conversations WHERE user_id = ANY(?::text[])");

    private static final String UPSERT_CONVERSATIONS = """
            INSERT INTO conversations (user_id, conversation_id, title, created_at, last_activity_at, item_count, deleted_at)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int8[]::int4[],
                                 ?::timestamptz[])
            ON CONFLICT (user_id, conversation_id) DO UPDATE SET
                title = EXCLUDED.title, created_at = EXCLUDED.created_at, last_activity_at = EXCLUDED.last_activity_at,
                item_count = EXCLUDED.item_count, deleted_at = EXCLUDED.deleted_at""";

    private static final String INSERT_MESSAGES = """
            INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)
            SELECT * FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
            ON CONFLICT (user_id, conversation_id, message_id) DO NOTHING""";

    private static final String INSERT_TOOL_CALLS = """
            INSERT INTO tool_calls (user_id, conversation_id, seq, tool_call_id, message_id, name, arguments, status,
                                    output, error, requested_at, completed_at)
            SELECT u, c, s, t, m, n, a::jsonb, st, o::jsonb, e, r, ca
            FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                 AS x(u, c, s, t, m, n, a, st, o, e, r, ca)
            ON CONFLICT (user_id, conversation_id, tool_call_id) DO NOTHING""";

    private static final String COMPLETE_TOOL_CALLS = """
            UPDATE tool_calls t SET status = x.st, output = x.o::jsonb, error = x.e, completed_at = x.ca
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                 AS x(u, c, id, st, o, e, ca)
            WHERE t.user_id = x.u AND t.conversation_id = x.c AND t.tool_call_id = x.id AND t.status = 'pending'""";

    /**
     * A message or tool call the plan took for new was stored already (a retried duplicate the
     * optimistic load did not look up): nothing of the batch may commit, it is planned again.
     */
    static final class StaleAssumption extends RuntimeException {
        StaleAssumption(String table, int planned, int inserted) {
            super(table + ": " + (planned - inserted) + " of " + planned + " planned rows were stored already",
                    null, false, false);
        }
    }

    private BatchWriter() {
    }

    static void write(Connection c, BatchPlan plan) throws SQLException {
        if (!plan.erasedUsers().isEmpty()) {
            List<String> users = List.copyOf(plan.erasedUsers());
            for (String sql : ERASE) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setArray(1, ColumnArrays.text(c, users, u -> u));
                    s.executeUpdate();
                }
            }
        }
        conversations(c, plan.conversations());
        messages(c, plan.messages());
        toolCalls(c, plan.toolCalls());
        completions(c, plan.completions());
    }

    private static void conversations(Connection c, List<ConversationRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(UPSERT_CONVERSATIONS)) {
            s.setArray(1, ColumnArrays.text(c, rows, ConversationRow::userId));
            s.setArray(2, ColumnArrays.text(c, rows, ConversationRow::conversationId));
            s.setArray(3, ColumnArrays.text(c, rows, ConversationRow::title));
            s.setArray(4, ColumnArrays.timestamps(c, rows, ConversationRow::createdAt));
            s.setArray(5, ColumnArrays.timestamps(c, rows, ConversationRow::lastActivityAt));
            s.setArray(6, ColumnArrays.bigints(c, rows, ConversationRow::itemCount));
            s.setArray(7, ColumnArrays.timestamps(c, rows, ConversationRow::deletedAt));
            s.executeUpdate();
        }
    }

    private static void messages(Connection c, List<MessageRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_MESSAGES)) {
            s.setArray(1, ColumnArrays.text(c, rows, MessageRow::userId));
            s.setArray(2, ColumnArrays.text(c, rows, MessageRow::conversationId));
            s.setArray(3, ColumnArrays.bigints(c, rows, MessageRow::seq));
            s.setArray(4, ColumnArrays.text(c, rows, MessageRow::messageId));
            s.setArray(5, ColumnArrays.text(c, rows, MessageRow::role));
            s.setArray(6, ColumnArrays.text(c, rows, MessageRow::content));
            s.setArray(7, ColumnArrays.timestamps(c, rows, MessageRow::createdAt));
            inserted(s, "messages", rows.size());
        }
    }

    private static void toolCalls(Connection c, List<ToolCallRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_TOOL_CALLS)) {
            s.setArray(1, ColumnArrays.text(c, rows, r -> r.userId));
            s.setArray(2, ColumnArrays.text(c, rows, r -> r.conversationId));
            s.setArray(3, ColumnArrays.bigints(c, rows, r -> r.seq));
            s.setArray(4, ColumnArrays.text(c, rows, r -> r.toolCallId));
            s.setArray(5, ColumnArrays.text(c, rows, r -> r.messageId));
            s.setArray(6, ColumnArrays.text(c, rows, r -> r.name));
            s.setArray(7, ColumnArrays.text(c, rows, r -> r.argumentsJson));
            s.setArray(8, ColumnArrays.text(c, rows, r -> r.status));
            s.setArray(9, ColumnArrays.text(c, rows, r -> r.outputJson));
            s.setArray(10, ColumnArrays.text(c, rows, r -> r.error));
            s.setArray(11, ColumnArrays.timestamps(c, rows, r -> r.requestedAt));
            s.setArray(12, ColumnArrays.timestamps(c, rows, r -> r.completedAt));
            inserted(s, "tool_calls", rows.size());
        }
    }

    private static void completions(Connection c, List<Completion> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(COMPLETE_TOOL_CALLS)) {
            s.setArray(1, ColumnArrays.text(c, rows, Completion::userId));
            s.setArray(2, ColumnArrays.text(c, rows, Completion::conversationId));
            s.setArray(3, ColumnArrays.text(c, rows, Completion::toolCallId));
            s.setArray(4, ColumnArrays.text(c, rows, Completion::status));
            s.setArray(5, ColumnArrays.text(c, rows, Completion::outputJson));
            s.setArray(6, ColumnArrays.text(c, rows, Completion::error));
            s.setArray(7, ColumnArrays.timestamps(c, rows, Completion::completedAt));
            s.executeUpdate();
        }
    }

    private static void inserted(PreparedStatement s, String table, int planned) throws SQLException {
        int inserted = s.executeUpdate();
        if (inserted != planned) {
            throw new StaleAssumption(table, planned, inserted);
        }
    }
}
