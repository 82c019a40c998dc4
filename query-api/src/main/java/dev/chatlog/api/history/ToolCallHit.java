package dev.chatlog.api.history;

/** A tool call found across a user's conversations, with the conversation it belongs to. */
record ToolCallHit(String conversationId, ToolCall call) {
}
