package dev.chatlog.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Writes history rows straight into the tables as the superuser, as the worker would have. */
final class HistoryRows {

    static final Instant T0 = Instant.parse("2025-06-01T10:00:00.123456Z");

    private final DataSource dataSource;
    private final String schema;

    HistoryRows(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    void conversation(String user, String id, String title, Instant lastActivity, int itemCount) {
        update("INSERT INTO conversations (user_id, conversation_id, title, created_at, last_activity_at, item_count)"
                + " VALUES (?, ?, ?, ?, ?, ?)", user, id, title, at(T0), at(lastActivity), itemCount);
    }

    void delete(String user, String id) {
        update("UPDATE conversations SET deleted_at = now() WHERE user_id = ? AND conversation_id = ?", user, id);
    }

    void message(String user, String conversation, long seq, String messageId, String role, String content) {
        update("INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", user, conversation, seq, messageId, role, content, at(T0.plusSeconds(seq)));
        indexForSearch();
    }

    /** Does what the worker's search indexer does: moves every queued message into the search table. */
    void indexForSearch() {
        update("SELECT index_messages_for_search(1000000, 'simple')");
    }

    /** A tool call; {@code status} pending leaves output and error null. */
    void toolCall(String user, String conversation, long seq, String callId, String messageId, String name,
                  String argumentsJson, String status, String outputJson, String error) {
        update("INSERT INTO tool_calls (user_id, conversation_id, seq, tool_call_id, message_id, name, arguments,"
                        + " status, output, error, requested_at, completed_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?)",
                user, conversation, seq, callId, messageId, name, argumentsJson, status, outputJson, error,
                at(T0.plusSeconds(seq)), status.equals("pending") ? null : at(T0.plusSeconds(seq).plusMillis(500)));
    }

    /** A conversation of {@code count} items alternating message and completed tool call, with generate_series. */
    void longConversation(String user, String id, int count) {
        conversation(user, id, "long", T0.plusSeconds(count), count);
        update("INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)"
                + " SELECT ?, ?, s, 'm' || s, CASE WHEN s % 4 = 1 THEN 'user' ELSE 'assistant' END, 'message ' || s,"
                + " ?::timestamptz + s * interval '1 second' FROM generate_series(1, ?, 2) s", user, id, at(T0), count);
        indexForSearch();
        update("INSERT INTO tool_calls (user_id, conversation_id, seq, tool_call_id, message_id, name, arguments,"
                + " status, output, requested_at, completed_at)"
                + " SELECT ?, ?, s, 'call_' || s, 'm' || (s - 1), 'list_tasks', jsonb_build_object('n', s), 'ok',"
                + " jsonb_build_object('tasks', s), ?::timestamptz + s * interval '1 second',"
                + " ?::timestamptz + s * interval '1 second' FROM generate_series(2, ?, 2) s",
                user, id, at(T0), at(T0), count);
    }

    void appliedOffset(String topic, int partition, long nextOffset) {
        update("INSERT INTO applied_offsets (topic, partition, next_offset, updated_at) VALUES (?, ?, ?, now())"
                + " ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset", topic, partition, nextOffset);
    }

    void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path = " + schema);
            }
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                p.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
