package dev.chatlog.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * {@code tool_call.completed}: completes a tool-call item in place. {@code output} is null when
 * absent (a JSON {@code null} output is a {@code NullNode}) and is read-only; {@code error} is null when absent.
 */
public record ToolCallCompleted(
        String eventId, String userId, String conversationId, Instant occurredAt,
        String toolCallId, ToolCallStatus status, JsonNode output, String error) implements ChatEvent {

    public static final String TYPE = "tool_call.completed";

    @Override
    public String type() {
        return TYPE;
    }
}
