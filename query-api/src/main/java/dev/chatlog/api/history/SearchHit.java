package dev.chatlog.api.history;

import java.time.Instant;

/** A message that matched a search, with its highlighted snippet as the API returns it. */
record SearchHit(String conversationId, long seq, String messageId, String role, Instant createdAt, String snippet) {
}
