package dev.chatlog.event;

import java.time.Instant;

/** {@code conversation.created}: creates a conversation, optionally with a title (null when absent). */
public record ConversationCreated(String eventId, String userId, String conversationId, Instant occurredAt, String title)
        implements ChatEvent {

    public static final String TYPE = "conversation.created";

    @Override
    public String type() {
        return TYPE;
    }
}
