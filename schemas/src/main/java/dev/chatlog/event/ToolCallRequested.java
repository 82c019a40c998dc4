package dev.chatlog.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * {@code tool_call.requested}: appends a tool-call item. {@code arguments} is a JSON object the
 * record shares with its parser, so treat it as read-only; {@code messageId} is null when absent.
 */
public record ToolCallRequested(
        String eventId, String userId, String conversationId, Instant occurredAt,
        String toolCallId, String name, JsonNode arguments, String messageId) implements ChatEvent {

    public static final String TYPE = "tool_call.requested";

    @Override
    public String type() {
        return TYPE;
    }
}
