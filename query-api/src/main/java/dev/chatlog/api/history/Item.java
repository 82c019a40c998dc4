package dev.chatlog.api.history;

/** One entry of a conversation's history, in {@code seq} order: a message or a tool call. */
public sealed interface Item permits Message, ToolCall {

    long seq();

    /** The message this item belongs to; null only for a tool call requested outside any message. */
    String messageId();
}
