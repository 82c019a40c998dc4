package dev.chatlog.worker.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Writes a {@link BatchPlan} with one statement per table, each over {@code unnest} of column
 * arrays: erasures first, then conversations (whole rows, upserted), additions to conversations the
 * batch did not read, messages, tool calls, and completions of tool calls stored by earlier batches.
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

    /**
     * Adds a batch's items to conversations it did not read. The row lock the upsert takes orders
     * it after any other writer's transaction on the same row, and the count it returns is the
     * stored count plus the batch's items.
     */
    private static final String APPEND_CONVERSATIONS = """
            INSERT INTO conversations AS c (user_id, conversation_id, created_at, last_activity_at, item_count)
            SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int4[])
            ON CONFLICT (user_id, conversation_id) DO UPDATE SET
                last_activity_at = greatest(c.last_activity_at, EXCLUDED.last_activity_at),
                item_count = c.item_count + EXCLUDED.item_count
            RETURNING user_id, conversation_id, item_count""";

    private static final String INSERT_MESSAGES = """
            INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)
            SELECT * FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])""";

    private static final String INSERT_TOOL_CALLS = """
            INSERT INTO tool_calls (user_id, conversation_id, seq, tool_call_id, message_id, name, arguments, status,
                                    output, error, requested_at, completed_at)
            SELECT u, c, s, t, m, n, a::jsonb, st, o::jsonb, e, r, ca
            FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                 AS x(u, c, s, t, m, n, a, st, o, e, r, ca)""";

    private static final String COMPLETE_TOOL_CALLS = """
            UPDATE tool_calls t SET status = x.st, output = x.o::jsonb, error = x.e, completed_at = x.ca
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                 AS x(u, c, id, st, o, e, ca)
            WHERE t.user_id = x.u AND t.conversation_id = x.c AND t.tool_call_id = x.id AND t.status = 'pending'""";

    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * The most characters of text one execution's arrays carry. A batch's rows are bound in runs of
     * about this size and sent as one JDBC batch (still one round trip per table): a single array of
     * a whole batch's contents would be a buffer of megabytes, which the JVM allocates outside its
     * young generation and which triggers collections of its own.
     */
    static final int CHUNK_CHARS = 128 * 1024;
    /** What a row adds to its other columns' arrays: an id or a timestamp, about 40 characters. */
    private static final int ROW_ALLOWANCE = 40;

    /** Binds one run of rows to a statement's parameters. */
    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement s, List<T> rows) throws SQLException;
    }

    private BatchWriter() {
    }

    /** Writes {@code plan}; a {@link WriteOutcome.Stale} leaves the transaction failed, to be rolled back. */
    static WriteOutcome write(Connection c, BatchPlan plan) throws SQLException {
        if (!plan.erasedUsers().isEmpty()) {
            List<String> users = List.copyOf(plan.erasedUsers());
            for (String sql : ERASE) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setArray(1, ColumnArrays.text(c, users, u -> u));
                    s.executeUpdate();
                }
            }
        }
        execute(c, UPSERT_CONVERSATIONS, plan.conversations(), r -> length(r.title()), (s, rows) -> {
            s.setArray(1, ColumnArrays.text(c, rows, ConversationRow::userId));
            s.setArray(2, ColumnArrays.text(c, rows, ConversationRow::conversationId));
            s.setArray(3, ColumnArrays.text(c, rows, ConversationRow::title));
            s.setArray(4, ColumnArrays.timestamps(c, rows, ConversationRow::createdAt));
            s.setArray(5, ColumnArrays.timestamps(c, rows, ConversationRow::lastActivityAt));
            s.setArray(6, ColumnArrays.bigints(c, rows, ConversationRow::itemCount));
            s.setArray(7, ColumnArrays.timestamps(c, rows, ConversationRow::deletedAt));
        });
        SeqShift shift = append(c, plan.appends());
        WriteOutcome messages = insert("messages", () -> execute(c, INSERT_MESSAGES, plan.messages(),
                r -> length(r.content()), (s, rows) -> {
                    s.setArray(1, ColumnArrays.text(c, rows, MessageRow::userId));
                    s.setArray(2, ColumnArrays.text(c, rows, MessageRow::conversationId));
                    s.setArray(3, ColumnArrays.bigints(c, rows,
                            r -> shift.seq(r.userId(), r.conversationId(), r.seq())));
                    s.setArray(4, ColumnArrays.text(c, rows, MessageRow::messageId));
                    s.setArray(5, ColumnArrays.text(c, rows, MessageRow::role));
                    s.setArray(6, ColumnArrays.text(c, rows, MessageRow::content));
                    s.setArray(7, ColumnArrays.timestamps(c, rows, MessageRow::createdAt));
                }));
        if (messages instanceof WriteOutcome.Stale) {
            return messages;
        }
        WriteOutcome toolCalls = insert("tool_calls", () -> execute(c, INSERT_TOOL_CALLS, plan.toolCalls(),
                r -> length(r.argumentsJson) + length(r.outputJson) + length(r.error), (s, rows) -> {
                    s.setArray(1, ColumnArrays.text(c, rows, r -> r.userId));
                    s.setArray(2, ColumnArrays.text(c, rows, r -> r.conversationId));
                    s.setArray(3, ColumnArrays.bigints(c, rows, r -> shift.seq(r.userId, r.conversationId, r.seq)));
                    s.setArray(4, ColumnArrays.text(c, rows, r -> r.toolCallId));
                    s.setArray(5, ColumnArrays.text(c, rows, r -> r.messageId));
                    s.setArray(6, ColumnArrays.text(c, rows, r -> r.name));
                    s.setArray(7, ColumnArrays.text(c, rows, r -> r.argumentsJson));
                    s.setArray(8, ColumnArrays.text(c, rows, r -> r.status));
                    s.setArray(9, ColumnArrays.text(c, rows, r -> r.outputJson));
                    s.setArray(10, ColumnArrays.text(c, rows, r -> r.error));
                    s.setArray(11, ColumnArrays.timestamps(c, rows, r -> r.requestedAt));
                    s.setArray(12, ColumnArrays.timestamps(c, rows, r -> r.completedAt));
                }));
        if (toolCalls instanceof WriteOutcome.Stale) {
            return toolCalls;
        }
        execute(c, COMPLETE_TOOL_CALLS, plan.completions(), r -> length(r.outputJson()) + length(r.error()),
                (s, rows) -> {
                    s.setArray(1, ColumnArrays.text(c, rows, Completion::userId));
                    s.setArray(2, ColumnArrays.text(c, rows, Completion::conversationId));
                    s.setArray(3, ColumnArrays.text(c, rows, Completion::toolCallId));
                    s.setArray(4, ColumnArrays.text(c, rows, Completion::status));
                    s.setArray(5, ColumnArrays.text(c, rows, Completion::outputJson));
                    s.setArray(6, ColumnArrays.text(c, rows, Completion::error));
                    s.setArray(7, ColumnArrays.timestamps(c, rows, Completion::completedAt));
                });
        return WriteOutcome.WRITTEN;
    }

    /**
     * For each conversation the batch appended to without reading it, the count stored before the
     * batch: what its items' relative seqs are shifted by.
     */
    private record SeqShift(Map<ConversationKey, Integer> before) {

        long seq(String userId, String conversationId, long seq) {
            return before.isEmpty() ? seq : seq + before.getOrDefault(new ConversationKey(userId, conversationId), 0);
        }
    }

    private static SeqShift append(Connection c, List<ConversationAppend> appends) throws SQLException {
        if (appends.isEmpty()) {
            return new SeqShift(Map.of());
        }
        Map<ConversationKey, Integer> added = new HashMap<>();
        for (ConversationAppend a : appends) {
            added.put(new ConversationKey(a.userId(), a.conversationId()), a.items());
        }
        Map<ConversationKey, Integer> before = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(APPEND_CONVERSATIONS)) {
            s.setArray(1, ColumnArrays.text(c, appends, ConversationAppend::userId));
            s.setArray(2, ColumnArrays.text(c, appends, ConversationAppend::conversationId));
            s.setArray(3, ColumnArrays.timestamps(c, appends, ConversationAppend::createdAt));
            s.setArray(4, ColumnArrays.timestamps(c, appends, ConversationAppend::lastActivityAt));
            s.setArray(5, ColumnArrays.bigints(c, appends, ConversationAppend::items));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ConversationKey key = new ConversationKey(rs.getString(1), rs.getString(2));
                    int stored = rs.getInt(3) - added.get(key);
                    if (stored != 0) {
                        before.put(key, stored);
                    }
                }
            }
        }
        return new SeqShift(before);
    }

    /**
     * Runs {@code sql} over {@code rows} in runs whose arrays hold at most about {@link #CHUNK_CHARS}
     * characters each ({@code textLength} is a row's variable-length text), all in one round trip.
     */
    private static <T> void execute(Connection c, String sql, List<T> rows, ToIntFunction<T> textLength,
                                   Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<List<T>> runs = ColumnArrays.runs(rows, r -> ROW_ALLOWANCE + textLength.applyAsInt(r), CHUNK_CHARS);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (runs.size() == 1) {
                binder.bind(s, rows);
                s.executeUpdate();
                return;
            }
            for (List<T> run : runs) {
                binder.bind(s, run);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** A statement that inserts new rows. */
    @FunctionalInterface
    private interface Insert {
        void run() throws SQLException;
    }

    /**
     * Runs an item insert. The inserts have no {@code ON CONFLICT} clause, which would make
     * PostgreSQL probe the unique index once more for every row: the plan leaves out every stored
     * item it knows of, so a clash means its assumption was stale, and the batch is planned again.
     */
    private static WriteOutcome insert(String table, Insert insert) throws SQLException {
        try {
            insert.run();
            return WriteOutcome.WRITTEN;
        } catch (SQLException e) {
            if (hasState(e, UNIQUE_VIOLATION)) {
                return new WriteOutcome.Stale(table, e);
            }
            throw e;
        }
    }

    private static boolean hasState(SQLException first, String state) {
        for (SQLException e = first; e != null; e = e.getNextException() == e ? null : e.getNextException()) {
            if (state.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
