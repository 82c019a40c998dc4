package dev.chatlog.api.history;

import java.time.Instant;

/** A conversation as the API shows it. */
public record Conversation(String id, String title, Instant createdAt, Instant lastActivityAt, int itemCount) {
}
