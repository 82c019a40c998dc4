package dev.chatlog.worker.sink;

import dev.chatlog.event.ChatEvent;

/** A valid event waiting to be applied: its input partition and offset, the event, and its original bytes. */
public record PendingEvent(int partition, long offset, ChatEvent event, byte[] key, byte[] value) {
}
