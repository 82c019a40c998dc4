package dev.chatlog.worker.sink;

import java.time.Instant;

/** A row of {@code conversations}; {@code title} and {@code deletedAt} may be null. */
record ConversationRow(String userId, String conversationId, String title, Instant createdAt,
                       Instant lastActivityAt, int itemCount, Instant deletedAt) {
}
