package dev.chatlog.worker.sink;

import java.time.Instant;

/**
 * A row of {@code tool_calls} about to be inserted. JSON columns hold JSON text. A completion
 * later in the same batch fills in the result, so the row is inserted complete.
 */
final class ToolCallRow {

    final String userId;
    final String conversationId;
    final long seq;
    final String toolCallId;
    final String messageId;
    final String name;
    final String argumentsJson;
    final Instant requestedAt;
    String status = "pending";
    String outputJson;
    String error;
    Instant completedAt;

    ToolCallRow(String userId, String conversationId, long seq, String toolCallId, String messageId,
                String name, String argumentsJson, Instant requestedAt) {
        this.userId = userId;
        this.conversationId = conversationId;
        this.seq = seq;
        this.toolCallId = toolCallId;
        this.messageId = messageId;
        this.name = name;
        this.argumentsJson = argumentsJson;
        this.requestedAt = requestedAt;
    }

    void complete(Completion c) {
        status = c.status();
        outputJson = c.outputJson();
        error = c.error();
        completedAt = c.completedAt();
    }
}
