package dev.chatlog.event;

import java.time.Instant;
import java.util.List;

/**
 * One event of the chat.events topic, version 1. The records are the Java form of the JSON
 * Schemas under {@code dev/chatlog/schemas/v1/}; a {@code switch} over them is exhaustive.
 */
public sealed interface ChatEvent
        permits ConversationCreated, ConversationRenamed, ConversationDeleted, MessageCreated,
                ToolCallRequested, ToolCallCompleted, UserErased {

    /** Every event type of version 1, in the order of DESIGN.md's table. */
    List<String> TYPES = List.of(
            ConversationCreated.TYPE,
            ConversationRenamed.TYPE,
            ConversationDeleted.TYPE,
            MessageCreated.TYPE,
            ToolCallRequested.TYPE,
            ToolCallCompleted.TYPE,
            UserErased.TYPE);

    /** The producer's UUID of this event, as text. */
    String eventId();

    /** The user the event belongs to; also the record key. */
    String userId();

    /** The conversation the event belongs to; null only for {@link UserErased}. */
    String conversationId();

    Instant occurredAt();

    /** The JSON {@code type}, e.g. {@code "message.created"}. */
    String type();
}
