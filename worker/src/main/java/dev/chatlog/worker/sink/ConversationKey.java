package dev.chatlog.worker.sink;

/** Identifies a conversation: the user and the producer's conversation id. */
record ConversationKey(String userId, String conversationId) {
}
