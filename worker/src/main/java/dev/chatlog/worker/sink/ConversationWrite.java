package dev.chatlog.worker.sink;

import java.time.Instant;

/**
 * What a batch writes to one conversation row. The writer upserts every conversation of the batch
 * in one statement, in key order, under the row lock: a new row is inserted whole; an existing one
 * gets {@code added} more items ({@code item_count = item_count + added}) and the later activity,
 * and the statement returns the sum. The batch planned its items of this conversation with the seqs
 * {@code base + 1} to {@code base + added}, where {@code base} is the count it read (0 for a
 * conversation it did not read, or read as absent); the count stored before the upsert, minus
 * {@code base}, shifts them. So whatever another writer added meanwhile, seqs never repeat across
 * messages and tool calls and leave no gap. {@code renamed} and {@code deleted} say that an event
 * of the batch set the title or {@code deleted_at}: only then does the writer set them on an
 * existing row.
 */
record ConversationWrite(String userId, String conversationId, String title, Instant createdAt,
                         Instant lastActivityAt, int base, int added, Instant deletedAt, boolean renamed,
                         boolean deleted) {
}
