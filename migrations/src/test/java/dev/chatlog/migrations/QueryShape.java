package dev.chatlog.migrations;

import java.util.List;

/** The queries the query API and the worker run, each for the literal user {@link #USER}. */
enum QueryShape {

    CONVERSATIONS_FIRST_PAGE(List.of("conversations"), true, """
            SELECT conversation_id, title, created_at, last_activity_at, item_count FROM conversations
            WHERE user_id = 'user-07' AND deleted_at IS NULL
            ORDER BY activity_hour DESC, last_activity_at DESC, conversation_id DESC LIMIT 21"""),

    CONVERSATIONS_NEXT_PAGE(List.of("conversations"), true, """
            SELECT conversation_id, title, created_at, last_activity_at, item_count FROM conversations
            WHERE user_id = 'user-07' AND deleted_at IS NULL
              AND activity_hour <= floor(extract(epoch FROM '2026-01-01T00:00:06Z'::timestamptz AT TIME ZONE 'UTC') / 3600)::bigint
              AND (last_activity_at, conversation_id) < ('2026-01-01T00:00:06Z'::timestamptz, 'conv-2')
            ORDER BY activity_hour DESC, last_activity_at DESC, conversation_id DESC LIMIT 21"""),

    CONVERSATIONS_OLDEST_FIRST(List.of("conversations"), true, """
            SELECT conversation_id, title, created_at, last_activity_at, item_count FROM conversations
            WHERE user_id = 'user-07' AND deleted_at IS NULL
              AND activity_hour >= floor(extract(epoch FROM '2026-01-01T00:00:02Z'::timestamptz AT TIME ZONE 'UTC') / 3600)::bigint
              AND (last_activity_at, conversation_id) > ('2026-01-01T00:00:02Z'::timestamptz, 'conv-1')
            ORDER BY activity_hour, last_activity_at, conversation_id LIMIT 21"""),

    ONE_CONVERSATION(List.of("conversations"), """
            SELECT conversation_id, title, created_at, last_activity_at, item_count, deleted_at FROM conversations
            WHERE user_id = 'user-07' AND conversation_id = 'conv-2'"""),

    ITEMS_AFTER(List.of("messages", "tool_calls"), """
            (SELECT seq, 'message' AS kind, message_id AS id FROM messages
             WHERE user_id = 'user-07' AND conversation_id = 'conv-2' AND seq > 2 ORDER BY seq LIMIT 21)
            UNION ALL
            (SELECT seq, 'tool_call', tool_call_id FROM tool_calls
             WHERE user_id = 'user-07' AND conversation_id = 'conv-2' AND seq > 2 ORDER BY seq LIMIT 21)
            ORDER BY seq LIMIT 21"""),

    ITEMS_BEFORE(List.of("messages", "tool_calls"), """
            (SELECT seq, 'message' AS kind, message_id AS id FROM messages
             WHERE user_id = 'user-07' AND conversation_id = 'conv-2' AND seq < 5 ORDER BY seq DESC LIMIT 21)
            UNION ALL
            (SELECT seq, 'tool_call', tool_call_id FROM tool_calls
             WHERE user_id = 'user-07' AND conversation_id = 'conv-2' AND seq < 5 ORDER BY seq DESC LIMIT 21)
            ORDER BY seq DESC LIMIT 21"""),

    TOOL_CALL_BY_ID(List.of("tool_calls"), """
            SELECT seq, status FROM tool_calls
            WHERE user_id = 'user-07' AND conversation_id = 'conv-2' AND tool_call_id = 'call_2'"""),

    MESSAGE_BY_ID(List.of("messages"), """
            SELECT seq FROM messages
            WHERE user_id = 'user-07' AND conversation_id = 'conv-2' AND message_id = 'msg-1'"""),

    /** The search indexer's and the search's way back from a queued key or a hit to the message. */
    MESSAGE_BY_SEQ(List.of("messages"), """
            SELECT role, content, created_at FROM messages
            WHERE user_id = 'user-07' AND conversation_id = 'conv-2' AND seq = 3"""),

    TOOL_CALL_BY_SEQ(List.of("tool_calls"), """
            SELECT name, arguments, status FROM tool_calls
            WHERE user_id = 'user-07' AND conversation_id = 'conv-2' AND seq = 4""");

    static final String USER = "user-07";

    final List<String> tables;
    /**
     * A list of conversations by last activity: the index gives the order by hour (migration V4),
     * and PostgreSQL sorts the conversations of each hour it reads.
     */
    final boolean sortsWithinAnHour;
    final String sql;

    QueryShape(List<String> tables, String sql) {
        this(tables, false, sql);
    }

    QueryShape(List<String> tables, boolean sortsWithinAnHour, String sql) {
        this.tables = tables;
        this.sortsWithinAnHour = sortsWithinAnHour;
        this.sql = sql;
    }
}
