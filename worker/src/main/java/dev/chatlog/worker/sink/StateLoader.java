package dev.chatlog.worker.sink;

import dev.chatlog.event.ChatEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads what a batch needs to know from the database, one query per table: the touched
 * conversations, and which of the batch's message and tool-call ids those conversations hold.
 * An optimistic load reads only the conversations that an event of the batch creates, renames or
 * deletes; the others the batch only appends items to, and the writer adds those to the stored
 * rows without reading them ({@link ConversationWrite}).
 */
final class StateLoader {

    /** One query of a batch's load. */
    private enum Read {
        CONVERSATIONS("""
                    SELECT c.user_id, c.conversation_id, c.title, c.created_at, c.last_activity_at, c.item_count, c.deleted_at
                    FROM unnest(?::text[], ?::text[]) AS k(user_id, conversation_id)
                    JOIN conversations c ON c.user_id = k.user_id AND c.conversation_id = k.conversation_id"""),
        MESSAGES("""
                    SELECT m.user_id, m.conversation_id, m.message_id
                    FROM unnest(?::text[], ?::text[], ?::text[]) AS k(user_id, conversation_id, message_id)
                    JOIN messages m ON m.user_id = k.user_id AND m.conversation_id = k.conversation_id
                                   AND m.message_id = k.message_id"""),
        TOOL_CALLS("""
                    SELECT t.user_id, t.conversation_id, t.tool_call_id, t.status
                    FROM unnest(?::text[], ?::text[], ?::text[]) AS k(user_id, conversation_id, tool_call_id)
                    JOIN tool_calls t ON t.user_id = k.user_id AND t.conversation_id = k.conversation_id
                                     AND t.tool_call_id = k.tool_call_id""");

        private final String sql;

        Read(String sql) {
            this.sql = sql;
        }

        String sql() {
            return sql;
        }
    }

    private StateLoader() {
    }

    /**
     * With {@code allItemIds} false the load is optimistic: it assumes none of the batch's new
     * messages and tool calls is stored yet and looks up only the tool calls that a completion needs
     * and the batch does not request; the writer's insert then fails on the unique key of any item
     * that was stored after all ({@link WriteOutcome.Stale}), and the batch is planned
     * again with every id looked up. Each event's {@link EventEffect} says what it needs.
     */
    static StoredState load(Connection c, List<PendingEvent> events, boolean allItemIds) throws SQLException {
        Reads reads = reads(events, allItemIds);
        if (reads.queries().isEmpty()) {
            return reads.state();
        }
        try (PreparedStatement s = c.prepareStatement(String.join(";\n", reads.queries()))) {
            reads.bind(s, 1);
            s.execute();
            reads.readAll(s);
        }
        return reads.state();
    }

    /**
     * What {@code events} need read, as queries that do not depend on one another's answers, so
     * that they go to PostgreSQL in one message (after {@code begin_batch}'s, see
     * {@link OffsetStore#begin}). Item ids are looked up in every conversation the batch reads,
     * before its row is known; those of a conversation that turns out not stored, or empty, are
     * dropped again, so the state is the one a row-first load gives.
     */
    static Reads reads(List<PendingEvent> events, boolean allItemIds) {
        Set<ConversationKey> keys = new LinkedHashSet<>();
        Set<ConversationKey> unread = new HashSet<>();
        for (PendingEvent e : events) {
            ChatEvent event = e.event();
            switch (EventEffect.of(event).reads()) {
                case NOTHING -> { }
                case ROW -> keys.add(new ConversationKey(event.userId(), event.conversationId()));
                case ITEMS_ONLY -> (allItemIds ? keys : unread).add(
                        new ConversationKey(event.userId(), event.conversationId()));
            }
        }
        unread.removeAll(keys);
        ItemLookups lookups = new ItemLookups(allItemIds);
        if (!keys.isEmpty() || !unread.isEmpty()) {
            for (PendingEvent e : events) {
                ChatEvent event = e.event();
                if (event.conversationId() == null) {
                    continue;
                }
                ConversationKey conversation = new ConversationKey(event.userId(), event.conversationId());
                if (keys.contains(conversation) || unread.contains(conversation)) {
                    EventEffect.of(event).lookUp(lookups);
                }
            }
        }
        return new Reads(new ArrayList<>(keys), unread, lookups);
    }

    /**
     * The queries of one batch's load (conversations, message ids, tool calls; each only when it
     * has keys) and, once {@link #readAll} has taken their answers in that order, the state.
     */
    static final class Reads {

        private final List<ConversationKey> keys;
        private final Set<ConversationKey> unread;
        private final ItemLookups lookups;
        private final List<Read> queries = new ArrayList<>();
        private final Set<ItemKey> messageIds = new HashSet<>();
        private final Map<ItemKey, String> toolCalls = new HashMap<>();
        private Map<ConversationKey, ConversationRow> conversations = Map.of();

        private Reads(List<ConversationKey> keys, Set<ConversationKey> unread, ItemLookups lookups) {
            this.keys = keys;
            this.unread = unread;
            this.lookups = lookups;
            if (!keys.isEmpty()) {
                queries.add(Read.CONVERSATIONS);
            }
            if (!lookups.messages().isEmpty()) {
                queries.add(Read.MESSAGES);
            }
            if (!lookups.toolCalls().isEmpty()) {
                queries.add(Read.TOOL_CALLS);
            }
        }

        /** The queries' SQL, in the order their parameters are bound and their answers read. */
        List<String> queries() {
            return queries.stream().map(Read::sql).toList();
        }

        /** Binds the queries' parameters, the first at index {@code first}. */
        void bind(PreparedStatement s, int first) throws SQLException {
            int i = first;
            if (!keys.isEmpty()) {
                s.setObject(i++, ColumnArrays.text(keys, ConversationKey::userId));
                s.setObject(i++, ColumnArrays.text(keys, ConversationKey::conversationId));
            }
            for (List<ItemKey> items : List.of(lookups.messages(), lookups.toolCalls())) {
                if (!items.isEmpty()) {
                    s.setObject(i++, ColumnArrays.text(items, ItemKey::userId));
                    s.setObject(i++, ColumnArrays.text(items, ItemKey::conversationId));
                    s.setObject(i++, ColumnArrays.text(items, ItemKey::id));
                }
            }
        }

        /** Reads the answers of the queries, which follow the statement's current result in order. */
        void readAll(PreparedStatement s) throws SQLException {
            for (Read query : queries) {
                try (ResultSet rs = s.getResultSet()) {
                    if (rs == null) {
                        throw new SQLException("no rows came back for the " + query + " a batch reads");
                    }
                    read(query, rs);
                }
                s.getMoreResults();
            }
        }

        private void read(Read query, ResultSet rs) throws SQLException {
            switch (query) {
                case CONVERSATIONS -> {
                    Map<ConversationKey, ConversationRow> rows = new HashMap<>();
                    while (rs.next()) {
                        ConversationRow row = new ConversationRow(rs.getString(1), rs.getString(2), rs.getString(3),
                                instant(rs, 4), instant(rs, 5), rs.getInt(6), instant(rs, 7));
                        rows.put(new ConversationKey(row.userId(), row.conversationId()), row);
                    }
                    conversations = rows;
                }
                case MESSAGES -> {
                    while (rs.next()) {
                        messageIds.add(new ItemKey(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
                case TOOL_CALLS -> {
                    while (rs.next()) {
                        toolCalls.put(new ItemKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4));
                    }
                }
            }
        }

        /** The stored state, items of conversations read but not stored (or empty) left out. */
        StoredState state() {
            if (keys.isEmpty() && unread.isEmpty()) {
                return StoredState.empty();
            }
            messageIds.removeIf(k -> unstored(k.userId(), k.conversationId()));
            toolCalls.keySet().removeIf(k -> unstored(k.userId(), k.conversationId()));
            return new StoredState(conversations, unread, messageIds, toolCalls);
        }

        private boolean unstored(String userId, String conversationId) {
            ConversationKey key = new ConversationKey(userId, conversationId);
            if (unread.contains(key)) {
                return false;
            }
            ConversationRow row = conversations.get(key);
            return row == null || row.itemCount() == 0;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
