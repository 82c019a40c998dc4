package dev.chatlog.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The content of the three chatlog tables in comparable form, keyed by primary key: what the
 * database holds, or what {@link ChatModel} says it must hold.
 */
public record ChatTables(Map<String, Conversation> conversations, Map<String, Message> messages,
                         Map<String, ToolCall> toolCalls) {

    public record Conversation(String userId, String conversationId, String title, Instant createdAt,
                               Instant lastActivityAt, int itemCount, Instant deletedAt) {
        String key() {
            return userId + "/" + conversationId;
        }
    }

    public record Message(String userId, String conversationId, long seq, String messageId, String role,
                          String content, Instant createdAt) {
        String key() {
            return userId + "/" + conversationId + "/" + seq;
        }
    }

    public record ToolCall(String userId, String conversationId, long seq, String toolCallId, String messageId,
                           String name, JsonNode arguments, String status, JsonNode output, String error,
                           Instant requestedAt, Instant completedAt) {
        String key() {
            return userId + "/" + conversationId + "/" + seq;
        }
    }

    public static ChatTables empty() {
        return new ChatTables(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }

    public int rowCount() {
        return conversations.size() + messages.size() + toolCalls.size();
    }

    /** Every difference between this (actual) and {@code expected}, at most {@code limit} of them. */
    public List<String> differencesFrom(ChatTables expected, int limit) {
        List<String> out = new ArrayList<>();
        diff("conversation", conversations, expected.conversations, out, limit);
        diff("message", messages, expected.messages, out, limit);
        diff("tool call", toolCalls, expected.toolCalls, out, limit);
        return out;
    }

    private static <T> void diff(String what, Map<String, T> actual, Map<String, T> expected, List<String> out, int limit) {
        for (var e : expected.entrySet()) {
            T a = actual.get(e.getKey());
            if (out.size() >= limit) {
                return;
            }
            if (a == null) {
                out.add("missing " + what + " " + e.getValue());
            } else if (!Objects.equals(a, e.getValue())) {
                out.add(what + " differs:\n    actual   " + a + "\n    expected " + e.getValue());
            }
        }
        for (var e : actual.entrySet()) {
            if (out.size() >= limit) {
                return;
            }
            if (!expected.containsKey(e.getKey())) {
                out.add("unexpected " + what + " " + e.getValue());
            }
        }
    }
}
