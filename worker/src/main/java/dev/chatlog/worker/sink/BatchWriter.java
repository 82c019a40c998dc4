package dev.chatlog.worker.sink;

import dev.chatlog.db.SqlFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Writes a {@link BatchPlan} with one statement per table, each over {@code unnest} of column
 * arrays: erasures first, then the conversations (one upsert, which also places the items' seqs),
 * messages, tool calls, and completions of tool calls stored by earlier batches.
 */
final class BatchWriter {

    /**
     * Conversations first: deleting their rows waits for any writer adding to them through another
     * partition, so that writer's items are committed, and deleted here, before the items go.
     */
    private static final List<String> ERASE = List.of(
            "DELETE FROM conversations WHERE user_id = ANY(?::text[])",
            "DELETE FROM messages WHERE user_id = ANY(?::text[])",
            "DELETE FROM tool_calls WHERE user_id = ANY(?::text[])");

    /**
     * Writes every conversation the batch changed, in key order, so that two writers lock their
     * common rows in the same order and cannot deadlock. A new row is inserted whole; an existing
     * one only gets the batch's items added and its later activity, under the row lock, and the
     * statement returns the sum (see {@link ConversationWrite}).
     */
    private static final String UPSERT_CONVERSATIONS = """
            INSERT INTO conversations AS c (user_id, conversation_id, title, created_at, last_activity_at, item_count, deleted_at)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int8[]::int4[],
                                 ?::timestamptz[]) AS x(u, cid, t, ca, la, n, d)
            ORDER BY u COLLATE "C", cid COLLATE "C"
            ON CONFLICT (user_id, conversation_id) DO UPDATE SET
                last_activity_at = greatest(c.last_activity_at, EXCLUDED.last_activity_at),
                item_count = c.item_count + EXCLUDED.item_count
            RETURNING user_id, conversation_id, item_count""";

    /**
     * Sets the title a rename chose and the time of a deletion on rows the upsert found stored (and
     * locked): a later rename wins, the first deletion stays.
     */
    private static final String RENAME_OR_DELETE = """
            UPDATE conversations c SET title = CASE WHEN x.renamed THEN x.t ELSE c.title END,
                                       deleted_at = CASE WHEN x.deleted THEN coalesce(c.deleted_at, x.d) ELSE c.deleted_at END
            FROM unnest(?::text[], ?::text[], ?::text[], ?::bool[], ?::timestamptz[], ?::bool[])
                 AS x(u, cid, t, renamed, d, deleted)
            WHERE c.user_id = x.u AND c.conversation_id = x.cid""";

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
                    s.setObject(1, ColumnArrays.text(users, u -> u));
                    s.executeUpdate();
                }
            }
        }
        SeqShift shift = upsertConversations(c, plan.conversations());
        WriteOutcome messages = insert("messages", () -> execute(c, INSERT_MESSAGES, plan.messages(),
                r -> length(r.content()), (s, rows) -> {
                    s.setObject(1, ColumnArrays.text(rows, MessageRow::userId));
                    s.setObject(2, ColumnArrays.text(rows, MessageRow::conversationId));
                    s.setArray(3, ColumnArrays.bigints(c, rows,
                            r -> shift.seq(r.userId(), r.conversationId(), r.seq())));
                    s.setObject(4, ColumnArrays.text(rows, MessageRow::messageId));
                    s.setObject(5, ColumnArrays.text(rows, MessageRow::role));
                    s.setObject(6, ColumnArrays.text(rows, MessageRow::content));
                    s.setArray(7, ColumnArrays.timestamps(c, rows, MessageRow::createdAt));
                }));
        if (messages instanceof WriteOutcome.Stale) {
            return messages;
        }
        WriteOutcome toolCalls = insert("tool_calls", () -> execute(c, INSERT_TOOL_CALLS, plan.toolCalls(),
                r -> length(r.argumentsJson) + length(r.outputJson) + length(r.error), (s, rows) -> {
                    s.setObject(1, ColumnArrays.text(rows, r -> r.userId));
                    s.setObject(2, ColumnArrays.text(rows, r -> r.conversationId));
                    s.setArray(3, ColumnArrays.bigints(c, rows, r -> shift.seq(r.userId, r.conversationId, r.seq)));
                    s.setObject(4, ColumnArrays.text(rows, r -> r.toolCallId));
                    s.setObject(5, ColumnArrays.text(rows, r -> r.messageId));
                    s.setObject(6, ColumnArrays.text(rows, r -> r.name));
                    s.setObject(7, ColumnArrays.text(rows, r -> r.argumentsJson));
                    s.setObject(8, ColumnArrays.text(rows, r -> r.status));
                    s.setObject(9, ColumnArrays.text(rows, r -> r.outputJson));
                    s.setObject(10, ColumnArrays.text(rows, r -> r.error));
                    s.setArray(11, ColumnArrays.timestamps(c, rows, r -> r.requestedAt));
                    s.setArray(12, ColumnArrays.timestamps(c, rows, r -> r.completedAt));
                }));
        if (toolCalls instanceof WriteOutcome.Stale) {
            return toolCalls;
        }
        execute(c, COMPLETE_TOOL_CALLS, plan.completions(), r -> length(r.outputJson()) + length(r.error()),
                (s, rows) -> {
                    s.setObject(1, ColumnArrays.text(rows, Completion::userId));
                    s.setObject(2, ColumnArrays.text(rows, Completion::conversationId));
                    s.setObject(3, ColumnArrays.text(rows, Completion::toolCallId));
                    s.setObject(4, ColumnArrays.text(rows, Completion::status));
                    s.setObject(5, ColumnArrays.text(rows, Completion::outputJson));
                    s.setObject(6, ColumnArrays.text(rows, Completion::error));
                    s.setArray(7, ColumnArrays.timestamps(c, rows, Completion::completedAt));
                });
        return WriteOutcome.WRITTEN;
    }

    /**
     * For each conversation whose stored count differed from the one the batch planned from (it did
     * not read the row, or another writer added items since), what its items' seqs are shifted by.
     */
    private record SeqShift(Map<ConversationKey, Integer> shifts) {

        long seq(String userId, String conversationId, long seq) {
            return shifts.isEmpty() ? seq : seq + shifts.getOrDefault(new ConversationKey(userId, conversationId), 0);
        }
    }

    private static SeqShift upsertConversations(Connection c, List<ConversationWrite> writes) throws SQLException {
        if (writes.isEmpty()) {
            return new SeqShift(Map.of());
        }
        Map<ConversationKey, ConversationWrite> byKey = new HashMap<>();
        List<ConversationWrite> renamedOrDeleted = new ArrayList<>();
        for (ConversationWrite w : writes) {
            byKey.put(new ConversationKey(w.userId(), w.conversationId()), w);
            if (w.renamed() || w.deleted()) {
                renamedOrDeleted.add(w);
            }
        }
        Map<ConversationKey, Integer> shifts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(UPSERT_CONVERSATIONS)) {
            s.setObject(1, ColumnArrays.text(writes, ConversationWrite::userId));
            s.setObject(2, ColumnArrays.text(writes, ConversationWrite::conversationId));
            s.setObject(3, ColumnArrays.text(writes, ConversationWrite::title));
            s.setArray(4, ColumnArrays.timestamps(c, writes, ConversationWrite::createdAt));
            s.setArray(5, ColumnArrays.timestamps(c, writes, ConversationWrite::lastActivityAt));
            s.setArray(6, ColumnArrays.bigints(c, writes, ConversationWrite::added));
            s.setArray(7, ColumnArrays.timestamps(c, writes, ConversationWrite::deletedAt));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ConversationKey key = new ConversationKey(rs.getString(1), rs.getString(2));
                    ConversationWrite w = byKey.get(key);
                    int shift = rs.getInt(3) - w.added() - w.base();
                    if (shift != 0) {
                        shifts.put(key, shift);
                    }
                }
            }
        }
        if (!renamedOrDeleted.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(RENAME_OR_DELETE)) {
                s.setObject(1, ColumnArrays.text(renamedOrDeleted, ConversationWrite::userId));
                s.setObject(2, ColumnArrays.text(renamedOrDeleted, ConversationWrite::conversationId));
                s.setObject(3, ColumnArrays.text(renamedOrDeleted, ConversationWrite::title));
                s.setArray(4, ColumnArrays.booleans(c, renamedOrDeleted, ConversationWrite::renamed));
                s.setArray(5, ColumnArrays.timestamps(c, renamedOrDeleted, ConversationWrite::deletedAt));
                s.setArray(6, ColumnArrays.booleans(c, renamedOrDeleted, ConversationWrite::deleted));
                s.executeUpdate();
            }
        }
        return new SeqShift(shifts);
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
            if (SqlFailure.isDuplicateKey(e)) {
                return new WriteOutcome.Stale(table, e);
            }
            throw e;
        }
    }
}
