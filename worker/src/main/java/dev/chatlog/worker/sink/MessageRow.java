package dev.chatlog.worker.sink;

import java.time.Instant;

/** A row of {@code messages}. */
record MessageRow(String userId, String conversationId, long seq, String messageId, String role,
                  String content, Instant createdAt) {
}
