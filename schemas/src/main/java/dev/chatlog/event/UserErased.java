package dev.chatlog.event;

import java.time.Instant;

/** {@code user.erased}: deletes every row of the user. It belongs to no conversation. */
public record UserErased(String eventId, String userId, Instant occurredAt) implements ChatEvent {

    public static final String TYPE = "user.erased";

    /** Always null: the event concerns the whole user. */
    @Override
    public String conversationId() {
        return null;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
