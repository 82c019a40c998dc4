package dev.chatlog.event;

import java.time.Instant;

/** {@code conversation.renamed}: sets the title of a conversation. */
public record ConversationRenamed(String eventId, String userId, String conversationId, Instant occurredAt, String title)
        implements ChatEvent {

    public static final String TYPE = "conversation.renamed";

    @Override
    public String type() {
        return TYPE;
    }
}
