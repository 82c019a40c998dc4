package dev.chatlog.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Writes a conversation the way the worker does: the conversation row, then its items with a
 * gap-free seq shared by messages (odd seq) and tool calls (even seq).
 */
final class SampleRows {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private SampleRows() {
    }

    static void insertConversation(Connection connection, String userId, String conversationId, int items)
            throws SQLException {
        Timestamp createdAt = Timestamp.from(START);
        Queries.update(connection, """
                INSERT INTO conversations (user_id, conversation_id, title, created_at, last_activity_at, item_count)
                VALUES (?, ?, ?, ?, ?, ?)""",
                userId, conversationId, "Tasks of " + userId, createdAt, Timestamp.from(START.plusSeconds(items)), items);
        for (int seq = 1; seq <= items; seq++) {
            Timestamp at = Timestamp.from(START.plusSeconds(seq));
            if (seq % 2 == 1) {
                Queries.update(connection, """
                        INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)
                        VALUES (?, ?, ?, ?, 'user', 'add a task', ?)""",
                        userId, conversationId, (long) seq, "msg-" + seq, at);
            } else {
                Queries.update(connection, """
                        INSERT INTO tool_calls (user_id, conversation_id, seq, tool_call_id, name, arguments, status,
                                                output, requested_at, completed_at)
                        VALUES (?, ?, ?, ?, 'add_task', '{"title": "buy milk"}'::jsonb, 'ok', '{"id": 1}'::jsonb, ?, ?)""",
                        userId, conversationId, (long) seq, "call_" + seq, at, at);
            }
        }
    }
}
