package dev.chatlog.worker.sink;

import java.time.Instant;

/** The result of a tool call, written in place onto its row. */
record Completion(String userId, String conversationId, String toolCallId, String status,
                  String outputJson, String error, Instant completedAt) {
}
