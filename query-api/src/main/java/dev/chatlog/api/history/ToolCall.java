package dev.chatlog.api.history;

import java.time.Instant;

/**
 * A tool call item. {@code arguments} and {@code output} are JSON text as stored; {@code status} is
 * pending, ok or error; {@code output} is set when ok, {@code error} when error.
 */
public record ToolCall(long seq, String toolCallId, String messageId, String name, String arguments, String status,
                       String output, String error, Instant requestedAt, Instant completedAt) implements Item {

    public boolean isPending() {
        return "pending".equals(status);
    }

    public boolean isError() {
        return "error".equals(status);
    }
}
