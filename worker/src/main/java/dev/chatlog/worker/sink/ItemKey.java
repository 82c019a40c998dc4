package dev.chatlog.worker.sink;

/** Identifies a message or tool call by its natural key: user, conversation and producer id. */
record ItemKey(String userId, String conversationId, String id) {
}
