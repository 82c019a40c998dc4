package dev.chatlog.event;

import java.time.Instant;

/** {@code conversation.deleted}: hides a conversation and its items from the history API. */
public record ConversationDeleted(String eventId, String userId, String conversationId, Instant occurredAt)
        implements ChatEvent {

    public static final String TYPE = "conversation.deleted";

    @Override
    public String type() {
        return TYPE;
    }
}
