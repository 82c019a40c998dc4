package dev.chatlog.worker.sink;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.EventParser;

/**
 * A valid event waiting to be applied: its input partition and offset, the event, and its original
 * record bytes ({@link RecordBytes}), which {@link #key()} and {@link #value()} unpack on demand.
 */
public record PendingEvent(int partition, long offset, ChatEvent event, byte[] record) {

    /** The event of an accepted record's packed bytes ({@link RecordBytes}), mapped again by {@code parser}. */
    public static PendingEvent parse(int partition, long offset, byte[] record, EventParser parser) {
        int from = RecordBytes.valueOffset(record);
        return new PendingEvent(partition, offset, parser.parseAccepted(record, from, record.length - from), record);
    }

    /** Packs {@code key} and {@code value} as the outbox does. */
    static PendingEvent of(int partition, long offset, ChatEvent event, byte[] key, byte[] value) {
        return new PendingEvent(partition, offset, event, RecordBytes.pack(key, value));
    }

    /** The record's key bytes. */
    public byte[] key() {
        return RecordBytes.key(record);
    }

    /** The record's value bytes. */
    public byte[] value() {
        return RecordBytes.value(record);
    }
}
