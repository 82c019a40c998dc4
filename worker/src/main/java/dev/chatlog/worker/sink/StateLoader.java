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

    private static final String CONVERSATIONS = """
            SELECT c.user_id, c.conversation_id, c.title, c.created_at, c.last_activity_at, c.item_count, c.deleted_at
            FROM unnest(?::text[], ?::text[]) AS k(user_id, conversation_id)
            JOIN conversations c ON c.user_id = k.user_id AND c.conversation_id = k.conversation_id""";

    private static final String MESSAGES = """
            SELECT m.user_id, m.conversation_id, m.message_id
            FROM unnest(?::text[], ?::text[], ?::text[]) AS k(user_id, conversation_id, message_id)
            JOIN messages m ON m.user_id = k.user_id AND m.conversation_id = k.conversation_id
                           AND m.message_id = k.message_id""";

    private static final String TOOL_CALLS = """
            SELECT t.user_id, t.conversation_id, t.tool_call_id, t.status
            FROM unnest(?::text[], ?::text[], ?::text[]) AS k(user_id, conversation_id, tool_call_id)
            JOIN tool_calls t ON t.user_id = k.user_id AND t.conversation_id = k.conversation_id
                             AND t.tool_call_id = k.tool_call_id""";

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
        if (keys.isEmpty() && unread.isEmpty()) {
            return StoredState.empty();
        }
        Map<ConversationKey, ConversationRow> conversations = keys.isEmpty() ? Map.of()
                : conversations(c, new ArrayList<>(keys));
        ItemLookups lookups = new ItemLookups(allItemIds);
        for (PendingEvent e : events) {
            ChatEvent event = e.event();
            if (event.conversationId() == null) {
                continue;
            }
            ConversationKey conversation = new ConversationKey(event.userId(), event.conversationId());
            ConversationRow row = conversations.get(conversation);
            if ((row == null || row.itemCount() == 0) && !unread.contains(conversation)) {
                continue;
            }
            EventEffect.of(event).lookUp(lookups);
        }
        return new StoredState(conversations, unread, messageIds(c, lookups.messages()),
                toolCalls(c, lookups.toolCalls()));
    }

    private static Map<ConversationKey, ConversationRow> conversations(Connection c, List<ConversationKey> keys)
            throws SQLException {
        Map<ConversationKey, ConversationRow> rows = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(CONVERSATIONS)) {
            s.setObject(1, ColumnArrays.text(keys, ConversationKey::userId));
            s.setObject(2, ColumnArrays.text(keys, ConversationKey::conversationId));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ConversationRow row = new ConversationRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            instant(rs, 4), instant(rs, 5), rs.getInt(6), instant(rs, 7));
                    rows.put(new ConversationKey(row.userId(), row.conversationId()), row);
                }
            }
        }
        return rows;
    }

    private static Set<ItemKey> messageIds(Connection c, List<ItemKey> keys) throws SQLException {
        Set<ItemKey> found = new HashSet<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement(MESSAGES)) {
            bindItemKeys(c, s, keys);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new ItemKey(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return found;
    }

    private static Map<ItemKey, String> toolCalls(Connection c, List<ItemKey> keys) throws SQLException {
        Map<ItemKey, String> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement(TOOL_CALLS)) {
            bindItemKeys(c, s, keys);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(new ItemKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4));
                }
            }
        }
        return found;
    }

    private static void bindItemKeys(Connection c, PreparedStatement s, List<ItemKey> keys) throws SQLException {
        s.setObject(1, ColumnArrays.text(keys, ItemKey::userId));
        s.setObject(2, ColumnArrays.text(keys, ItemKey::conversationId));
        s.setObject(3, ColumnArrays.text(keys, ItemKey::id));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
