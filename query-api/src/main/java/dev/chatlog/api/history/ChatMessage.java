package dev.chatlog.api.history;

import java.util.List;

/**
 * One message of the OpenAI Chat Completions format: {@code {role, content}}, an assistant message
 * with {@code tool_calls}, or a {@code tool} message answering one call by {@code tool_call_id}.
 */
record ChatMessage(String role, String content, List<FunctionCall> toolCalls, String toolCallId, boolean failed) {

    /** A call in an assistant message; {@code arguments} is JSON text, sent as a string. */
    record FunctionCall(String id, String name, String arguments) {
    }

    static ChatMessage of(String role, String content) {
        return new ChatMessage(role, content, List.of(), null, false);
    }

    /** The result of a call; {@code failed} when the call completed with an error (the content is its text). */
    static ChatMessage toolResult(String toolCallId, String content, boolean failed) {
        return new ChatMessage("tool", content, List.of(), toolCallId, failed);
    }
}
