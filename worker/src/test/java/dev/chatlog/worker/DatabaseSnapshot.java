package dev.chatlog.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.worker.ChatTables.Conversation;
import dev.chatlog.worker.ChatTables.Message;
import dev.chatlog.worker.ChatTables.ToolCall;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Reads the chatlog tables of a schema, as a superuser, into {@link ChatTables}. */
public final class DatabaseSnapshot {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DatabaseSnapshot() {
    }

    public static ChatTables read(DataSource ds, String schema) {
        ChatTables t = ChatTables.empty();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet rs = s.executeQuery("SELECT user_id, conversation_id, title, created_at, last_activity_at, "
                    + "item_count, deleted_at FROM conversations")) {
                while (rs.next()) {
                    Conversation row = new Conversation(rs.getString(1), rs.getString(2), rs.getString(3), at(rs, 4),
                            at(rs, 5), rs.getInt(6), at(rs, 7));
                    t.conversations().put(row.key(), row);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT user_id, conversation_id, seq, message_id, role, content, "
                    + "created_at FROM messages")) {
                while (rs.next()) {
                    Message row = new Message(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), at(rs, 7));
                    t.messages().put(row.key(), row);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT user_id, conversation_id, seq, tool_call_id, message_id, name, "
                    + "arguments::text, status, output::text, error, requested_at, completed_at FROM tool_calls")) {
                while (rs.next()) {
                    ToolCall row = new ToolCall(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), json(rs.getString(7)), rs.getString(8),
                            json(rs.getString(9)), rs.getString(10), at(rs, 11), at(rs, 12));
                    t.toolCalls().put(row.key(), row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the tables of " + schema, e);
        }
        return t;
    }

    /** The stored next offset per partition of {@code topic}. */
    public static Map<Integer, Long> nextOffsets(DataSource ds, String schema, String topic) {
        Map<Integer, Long> offsets = new TreeMap<>();
        try (Connection c = ds.getConnection();
             var s = c.prepareStatement("SELECT partition, next_offset FROM " + schema + ".applied_offsets WHERE topic = ?")) {
            s.setString(1, topic);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            // the tables may not exist yet while the worker starts
            return offsets;
        }
        return offsets;
    }

    /** True when every partition's stored offset has reached {@code expected}. */
    public static boolean caughtUp(DataSource ds, String schema, String topic, Map<Integer, Long> expected) {
        Map<Integer, Long> actual = nextOffsets(ds, schema, topic);
        return expected.entrySet().stream().allMatch(e -> actual.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static Instant at(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON does not parse: " + text, e);
        }
    }
}
