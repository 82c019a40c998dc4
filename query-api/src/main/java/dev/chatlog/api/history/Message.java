package dev.chatlog.api.history;

import java.time.Instant;

/** A message item; {@code role} is user, assistant or system. */
public record Message(long seq, String messageId, String role, String content, Instant createdAt) implements Item {
}
