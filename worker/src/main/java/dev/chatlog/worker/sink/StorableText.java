package dev.chatlog.worker.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.ConversationRenamed;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;

/**
 * Finds text PostgreSQL cannot store although the JSON is valid: the character U+0000, which
 * neither {@code text} nor {@code jsonb} accepts. Such an event is dead-lettered, not retried.
 */
final class StorableText {

    private StorableText() {
    }

    /**
     * The JSON field of an event as the text the writer stores ({@code arguments} of a request,
     * {@code output} of a completion), or null when it has none: serialized once, for the check and the row.
     */
    static String json(ChatEvent event) {
        JsonNode json = switch (event) {
            case ToolCallRequested e -> e.arguments();
            case ToolCallCompleted e -> e.output();
            default -> null;
        };
        return json == null ? null : json.toString();
    }

    /**
     * A sentence naming the field that cannot be stored, or null when every field can;
     * {@code json} is the event's {@link #json(ChatEvent)}.
     */
    static String problem(ChatEvent event, String json) {
        return switch (event) {
            case MessageCreated e -> check(e.content(), "content");
            case ConversationCreated e -> check(e.title(), "title");
            case ConversationRenamed e -> check(e.title(), "title");
            case ToolCallRequested e -> first(check(e.name(), "name"), checkJson(json, "arguments"));
            case ToolCallCompleted e -> first(check(e.error(), "error"), checkJson(json, "output"));
            default -> null;
        };
    }

    private static String check(String text, String field) {
        return text != null && text.indexOf('\u0000') >= 0 ? message(field) : null;
    }

    // JSON text holds U+0000 only as its six-character escape, never as the character itself.
    private static String checkJson(String json, String field) {
        return json != null && json.contains("\\u0000") ? message(field) : null;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String message(String field) {
        return "PostgreSQL cannot store the character U+0000, which /data/" + field + " contains";
    }
}
