package dev.chatlog.publish;

/** Where an event was written: its partition and offset, and the token that names that position. */
public record PublishResult(int partition, long offset, ConsistencyToken token) {
}
