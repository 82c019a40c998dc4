package dev.chatlog.worker.sink;

import dev.chatlog.db.SqlFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongBiFunction;
import java.util.function.ToLongFunction;
import org.postgresql.util.PSQLException;

/**
 * Writes a {@link BatchPlan}: erasures first; then the conversations with their items, in runs of
 * conversations taken in key order, each run one statement whose data-modifying {@code WITH}
 * parts upsert its conversations (which also places the items' seqs), insert its messages and tool
 * calls and complete tool calls stored by earlier batches, all over {@code unnest} of column
 * arrays; the last run also moves the stored offsets forward and notifies the listeners. Renames
 * and deletions of stored conversations follow in one more statement. A batch of a few hundred
 * events is one run: one round trip where a statement per table took five.
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
     * Writes every conversation of the run, in key order, so that two writers lock their common
     * rows in the same order and cannot deadlock (runs follow one another in key order too). A new
     * row is inserted whole; an existing one only gets the batch's items added and its later
     * activity, under the row lock, and the part returns the sum (see {@link ConversationWrite}),
     * which {@link #COUNTS} hands to the items' seqs.
     */
    private static final String UPSERT_CONVERSATIONS = """
            conv AS (
            INSERT INTO conversations AS c (user_id, conversation_id, title, created_at, last_activity_at, item_count, deleted_at)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int8[]::int4[],
                                 ?::timestamptz[]) AS x(u, cid, t, ca, la, n, d)
            ORDER BY u COLLATE "C", cid COLLATE "C"
            ON CONFLICT (user_id, conversation_id) DO UPDATE SET
                last_activity_at = greatest(c.last_activity_at, EXCLUDED.last_activity_at),
                item_count = c.item_count + EXCLUDED.item_count
            RETURNING user_id, conversation_id, item_count)""";

    /**
     * The item counts the upsert returned, by conversation, as one JSON object: an item looks its
     * conversation's count up in it (a binary search), where a join of the two would be a nested
     * loop (hash joins are off for a batch's transaction). The key puts the user id's length
     * first, so no two conversations share one.
     */
    private static final String COUNTS = """
            counts AS (
            SELECT coalesce(jsonb_object_agg(length(user_id) || ':' || user_id || conversation_id, item_count), '{}')
                   AS j FROM conv)""";

    /**
     * An item's seq: the one the plan gave it ({@code x.s}, counted from the {@code base} of its
     * conversation's write) shifted by the count stored before the upsert, which is the returned
     * sum less {@code x.k} (the write's {@code base + added}); 0 for an item of no write.
     */
    private static final String SEQ = "x.s + coalesce((counts.j ->> (length(x.u) || ':' || x.u || x.c))::int8 - x.k, 0)";

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
            msg AS (
            INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)
            SELECT x.u, x.c, %s, x.id, x.r, x.ct, x.at
            FROM unnest(?::text[], ?::text[], ?::int8[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                 AS x(u, c, s, k, id, r, ct, at)%s)""";

    private static final String INSERT_TOOL_CALLS = """
            tc AS (
            INSERT INTO tool_calls (user_id, conversation_id, seq, tool_call_id, message_id, name, arguments, status,
                                    output, error, requested_at, completed_at)
            SELECT x.u, x.c, %s, x.t, x.m, x.n, x.a::jsonb, x.st, x.o::jsonb, x.e, x.r, x.ca
            FROM unnest(?::text[], ?::text[], ?::int8[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                 AS x(u, c, s, k, t, m, n, a, st, o, e, r, ca)%s)""";

    private static final String COMPLETE_TOOL_CALLS = """
            done AS (
            UPDATE tool_calls t SET status = x.st, output = x.o::jsonb, error = x.e, completed_at = x.ca
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                 AS x(u, c, id, st, o, e, ca)
            WHERE t.user_id = x.u AND t.conversation_id = x.c AND t.tool_call_id = x.id AND t.status = 'pending')""";

    /**
     * The most characters of text one statement's arrays carry, about: a run takes conversations
     * (with all their items) until their text reaches it. A single array of a whole large batch's
     * contents would be a buffer of megabytes, which the JVM allocates outside its young generation
     * and which triggers collections of its own; a conversation whose items alone are more forms a
     * run of its own.
     */
    static final int CHUNK_CHARS = 128 * 1024;
    /** What a row adds to its other columns' arrays: an id or a timestamp, about 40 characters. */
    private static final int ROW_ALLOWANCE = 40;

    private BatchWriter() {
    }

    /**
     * Writes {@code plan}, and moves the stored offsets forward to {@code advance} in its last
     * statement (none when null); a {@link WriteOutcome.Stale} leaves the transaction failed, to be
     * rolled back. With {@code commit}, a plan that needs no statement after its last run commits
     * in that run's round trip: the {@code COMMIT} goes in the same message to PostgreSQL, which
     * runs it only if the statement before it succeeded (the caller's own commit then has nothing
     * left to do).
     */
    static WriteOutcome write(Connection c, BatchPlan plan, OffsetStore.Advance advance, boolean commit)
            throws SQLException {
        if (!plan.erasedUsers().isEmpty()) {
            List<String> users = List.copyOf(plan.erasedUsers());
            for (String sql : ERASE) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setObject(1, ColumnArrays.text(users, u -> u));
                    s.executeUpdate();
                }
            }
        }
        List<Run> runs = Run.split(plan);
        List<ConversationWrite> renamedOrDeleted = plan.conversations().stream()
                .filter(w -> w.renamed() || w.deleted()).toList();
        boolean commits = commit && renamedOrDeleted.isEmpty() && !runs.isEmpty();
        for (int i = 0; i < runs.size(); i++) {
            boolean last = i == runs.size() - 1;
            try {
                runs.get(i).execute(c, last ? advance : null, last && commits);
            } catch (SQLException e) {
                if (SqlFailure.isDuplicateKey(e)) {
                    return new WriteOutcome.Stale(table(e), e);
                }
                throw e;
            }
        }
        if (runs.isEmpty() && advance != null) {
            OffsetStore.advance(c, advance);
        }
        if (!renamedOrDeleted.isEmpty()) {
            renameOrDelete(c, renamedOrDeleted);
        }
        return WriteOutcome.WRITTEN;
    }

    /** The table of a unique key an insert clashed with, as PostgreSQL names it (a partition's name). */
    private static String table(SQLException clash) {
        if (clash instanceof PSQLException p && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getTable() != null) {
            return p.getServerErrorMessage().getTable();
        }
        return "messages or tool_calls";
    }

    /** Sets the titles and deletion times a batch chose on rows it found stored (and locked). */
    private static void renameOrDelete(Connection c, List<ConversationWrite> renamedOrDeleted) throws SQLException {
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

    /**
     * Some of a batch's conversations, in key order, with everything the batch writes to them:
     * their rows, new messages and tool calls, and completions of stored tool calls. Written in one
     * statement.
     */
    record Run(List<ConversationWrite> conversations, List<MessageRow> messages, List<ToolCallRow> toolCalls,
               List<Completion> completions) {

        /** One conversation's part of a plan, and the characters of text it carries. */
        private static final class Part {
            ConversationWrite write;
            final List<MessageRow> messages = new ArrayList<>();
            final List<ToolCallRow> toolCalls = new ArrayList<>();
            final List<Completion> completions = new ArrayList<>();
            int chars;
        }

        /**
         * Splits {@code plan} into runs of whole conversations in key order (the order of the
         * plan's conversation writes), each carrying about {@link #CHUNK_CHARS} characters of text
         * at most, unless one conversation alone carries more.
         */
        static List<Run> split(BatchPlan plan) {
            Map<ConversationKey, Part> parts = new TreeMap<>(Comparator.comparing(ConversationKey::userId)
                    .thenComparing(ConversationKey::conversationId));
            for (ConversationWrite w : plan.conversations()) {
                part(parts, w.userId(), w.conversationId(), ROW_ALLOWANCE + length(w.title())).write = w;
            }
            for (MessageRow m : plan.messages()) {
                part(parts, m.userId(), m.conversationId(), ROW_ALLOWANCE + length(m.content())).messages.add(m);
            }
            for (ToolCallRow t : plan.toolCalls()) {
                part(parts, t.userId, t.conversationId, ROW_ALLOWANCE + length(t.argumentsJson)
                        + length(t.outputJson) + length(t.error)).toolCalls.add(t);
            }
            for (Completion d : plan.completions()) {
                part(parts, d.userId(), d.conversationId(), ROW_ALLOWANCE + length(d.outputJson())
                        + length(d.error())).completions.add(d);
            }
            List<Run> runs = new ArrayList<>();
            for (List<Part> group : ColumnArrays.runs(new ArrayList<>(parts.values()), part -> part.chars, CHUNK_CHARS)) {
                Run run = new Run(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                for (Part part : group) {
                    if (part.write != null) {
                        run.conversations.add(part.write);
                    }
                    run.messages.addAll(part.messages);
                    run.toolCalls.addAll(part.toolCalls);
                    run.completions.addAll(part.completions);
                }
                runs.add(run);
            }
            return runs;
        }

        private static Part part(Map<ConversationKey, Part> parts, String userId, String conversationId, int chars) {
            Part part = parts.computeIfAbsent(new ConversationKey(userId, conversationId), k -> new Part());
            part.chars += chars;
            return part;
        }

        /**
         * The statement: one {@code WITH} part per kind of row the run holds, the offsets last,
         * then a query that notifies the listeners of applied offsets when the offsets are moved
         * ({@code SELECT 1} otherwise; every data-modifying part runs whether or not it is read),
         * and the {@code COMMIT} when {@code commits}.
         */
        String sql(boolean advances, boolean commits) {
            List<String> parts = new ArrayList<>();
            boolean counted = !conversations.isEmpty();
            if (counted) {
                parts.add(UPSERT_CONVERSATIONS);
                parts.add(COUNTS);
            }
            String seq = counted ? SEQ : "x.s";
            String from = counted ? " CROSS JOIN counts" : "";
            if (!messages.isEmpty()) {
                parts.add(INSERT_MESSAGES.formatted(seq, from));
            }
            if (!toolCalls.isEmpty()) {
                parts.add(INSERT_TOOL_CALLS.formatted(seq, from));
            }
            if (!completions.isEmpty()) {
                parts.add(COMPLETE_TOOL_CALLS);
            }
            if (advances) {
                parts.add("advanced AS (\n" + OffsetStore.ADVANCE + ")");
            }
            return "WITH " + String.join(",\n", parts) + "\n"
                    + (advances ? OffsetStore.NOTIFY : "SELECT 1") + (commits ? ";\nCOMMIT" : "");
        }

        void execute(Connection c, OffsetStore.Advance advance, boolean commits) throws SQLException {
            Map<ConversationKey, Integer> counted = new HashMap<>();
            for (ConversationWrite w : conversations) {
                counted.put(new ConversationKey(w.userId(), w.conversationId()), w.base() + w.added());
            }
            ToLongBiFunction<String, String> k = (user, conversation) ->
                    counted.getOrDefault(new ConversationKey(user, conversation), 0);
            try (PreparedStatement s = c.prepareStatement(sql(advance != null, commits))) {
                Parameters p = new Parameters(c, s);
                if (!conversations.isEmpty()) {
                    p.text(conversations, ConversationWrite::userId);
                    p.text(conversations, ConversationWrite::conversationId);
                    p.text(conversations, ConversationWrite::title);
                    p.timestamps(conversations, ConversationWrite::createdAt);
                    p.timestamps(conversations, ConversationWrite::lastActivityAt);
                    p.bigints(conversations, ConversationWrite::added);
                    p.timestamps(conversations, ConversationWrite::deletedAt);
                }
                if (!messages.isEmpty()) {
                    p.text(messages, MessageRow::userId);
                    p.text(messages, MessageRow::conversationId);
                    p.bigints(messages, MessageRow::seq);
                    p.bigints(messages, r -> k.applyAsLong(r.userId(), r.conversationId()));
                    p.text(messages, MessageRow::messageId);
                    p.text(messages, MessageRow::role);
                    p.text(messages, MessageRow::content);
                    p.timestamps(messages, MessageRow::createdAt);
                }
                if (!toolCalls.isEmpty()) {
                    p.text(toolCalls, r -> r.userId);
                    p.text(toolCalls, r -> r.conversationId);
                    p.bigints(toolCalls, r -> r.seq);
                    p.bigints(toolCalls, r -> k.applyAsLong(r.userId, r.conversationId));
                    p.text(toolCalls, r -> r.toolCallId);
                    p.text(toolCalls, r -> r.messageId);
                    p.text(toolCalls, r -> r.name);
                    p.text(toolCalls, r -> r.argumentsJson);
                    p.text(toolCalls, r -> r.status);
                    p.text(toolCalls, r -> r.outputJson);
                    p.text(toolCalls, r -> r.error);
                    p.timestamps(toolCalls, r -> r.requestedAt);
                    p.timestamps(toolCalls, r -> r.completedAt);
                }
                if (!completions.isEmpty()) {
                    p.text(completions, Completion::userId);
                    p.text(completions, Completion::conversationId);
                    p.text(completions, Completion::toolCallId);
                    p.text(completions, Completion::status);
                    p.text(completions, Completion::outputJson);
                    p.text(completions, Completion::error);
                    p.timestamps(completions, Completion::completedAt);
                }
                if (advance != null) {
                    OffsetStore.bindAdvance(c, s, p.next, advance);
                }
                s.execute();
            }
        }
    }

    /** Binds column arrays to a statement's parameters in order. */
    private static final class Parameters {
        private final Connection c;
        private final PreparedStatement s;
        int next = 1;

        Parameters(Connection c, PreparedStatement s) {
            this.c = c;
            this.s = s;
        }

        <T> void text(List<T> rows, Function<T, String> column) throws SQLException {
            s.setObject(next++, ColumnArrays.text(rows, column));
        }

        <T> void timestamps(List<T> rows, Function<T, Instant> column) throws SQLException {
            s.setArray(next++, ColumnArrays.timestamps(c, rows, column));
        }

        <T> void bigints(List<T> rows, ToLongFunction<T> column) throws SQLException {
            s.setArray(next++, ColumnArrays.bigints(c, rows, column));
        }
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
