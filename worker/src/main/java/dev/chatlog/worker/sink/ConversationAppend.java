package dev.chatlog.worker.sink;

import java.time.Instant;

/**
 * What a batch adds to a conversation it did not read: {@code items} more items, and activity at
 * {@code lastActivityAt}. The writer upserts it in one statement that takes the row lock, adds
 * {@code items} to the stored count and returns the sum, so the batch's items of that conversation,
 * planned with seqs 1 to {@code items}, are shifted by the count stored before. A conversation not
 * stored yet is created with {@code createdAt}.
 */
record ConversationAppend(String userId, String conversationId, Instant createdAt, Instant lastActivityAt,
                          int items) {
}
