package dev.chatlog.event;

import java.time.Instant;

/** {@code message.created}: appends a message item; a repeated {@code messageId} is a duplicate. */
public record MessageCreated(
        String eventId, String userId, String conversationId, Instant occurredAt,
        String messageId, Role role, String content) implements ChatEvent {

    public static final String TYPE = "message.created";

    @Override
    public String type() {
        return TYPE;
    }
}
