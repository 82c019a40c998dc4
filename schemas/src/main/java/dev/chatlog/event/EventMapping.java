package dev.chatlog.event;

import com.ethlo.time.ITU;
import com.ethlo.time.LeapSecondException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Builds the record of a tree that its schema has already accepted, so every required field is there. */
final class EventMapping {

    private EventMapping() {
    }

    /** @throws java.time.DateTimeException when occurred_at is valid RFC 3339 but not representable */
    static ChatEvent toEvent(String type, JsonNode root) {
        String eventId = root.get("event_id").textValue();
        String userId = root.get("user_id").textValue();
        String conversationId = optional(root, "conversation_id");
        Instant occurredAt = instant(root.get("occurred_at").textValue());
        JsonNode data = root.path("data");
        return switch (type) {
            case ConversationCreated.TYPE ->
                    new ConversationCreated(eventId, userId, conversationId, occurredAt, optional(data, "title"));
            case ConversationRenamed.TYPE ->
                    new ConversationRenamed(eventId, userId, conversationId, occurredAt, data.get("title").textValue());
            case ConversationDeleted.TYPE -> new ConversationDeleted(eventId, userId, conversationId, occurredAt);
            case MessageCreated.TYPE -> new MessageCreated(eventId, userId, conversationId, occurredAt,
                    data.get("message_id").textValue(),
                    Role.fromJson(data.get("role").textValue()),
                    data.get("content").textValue());
            case ToolCallRequested.TYPE -> new ToolCallRequested(eventId, userId, conversationId, occurredAt,
                    data.get("tool_call_id").textValue(),
                    data.get("name").textValue(),
                    data.get("arguments"),
                    optional(data, "message_id"));
            case ToolCallCompleted.TYPE -> new ToolCallCompleted(eventId, userId, conversationId, occurredAt,
                    data.get("tool_call_id").textValue(),
                    ToolCallStatus.fromJson(data.get("status").textValue()),
                    data.get("output"),
                    optional(data, "error"));
            case UserErased.TYPE -> new UserErased(eventId, userId, occurredAt);
            default -> throw new IllegalArgumentException("event type '" + type + "' has no record");
        };
    }

    /** RFC 3339 (as the schema's pattern has it) to an instant; a leap second reads as second 59, as in java.time. */
    static Instant instant(String rfc3339) {
        try {
            return ITU.parseDateTime(rfc3339).toInstant();
        } catch (LeapSecondException e) {
            return ITU.parseDateTime(rfc3339.substring(0, 17) + "59" + rfc3339.substring(19)).toInstant();
        }
    }

    private static String optional(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null ? null : value.textValue();
    }
}
