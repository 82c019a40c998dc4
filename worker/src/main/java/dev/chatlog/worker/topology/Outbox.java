package dev.chatlog.worker.topology;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.worker.sink.PendingEvent;
import dev.chatlog.worker.sink.RecordBytes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The events of one input partition that are consumed but not yet in PostgreSQL, keyed by input
 * offset. Every entry lives in a changelogged store, so Kafka Streams never commits an input offset
 * past an event that exists nowhere else; a mirror keeps the parsed events to avoid parsing twice.
 * Entries restored from the changelog arrive unparsed and are parsed by their own task.
 * <p>
 * A batch may be written by another task of the same stream thread; it then only marks the entries
 * applied, and this partition's task removes them from its store itself ({@link #removeApplied()}).
 */
final class Outbox {

    /** An outbox entry: the original record bytes as stored, and the event once parsed (null until then). */
    record Entry(long offset, byte[] record, ChatEvent event) {

        byte[] key() {
            return RecordBytes.key(record);
        }

        byte[] value() {
            return RecordBytes.value(record);
        }
    }

    private final int partition;
    private final KeyValueStore<Long, byte[]> store;
    private final TreeMap<Long, Entry> mirror = new TreeMap<>();
    private long appliedThrough = -1;
    /** Mirror entries at or below {@link #appliedThrough}: the drain asks for the pending count after every record. */
    private int appliedEntries;

    Outbox(int partition, KeyValueStore<Long, byte[]> store) {
        this.partition = partition;
        this.store = store;
        try (KeyValueIterator<Long, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Long, byte[]> kv = all.next();
                mirror.put(kv.key, new Entry(kv.key, kv.value, null));
            }
        }
    }

    int partition() {
        return partition;
    }

    void add(long offset, byte[] key, byte[] value, ChatEvent event) {
        byte[] record = RecordBytes.pack(key, value);
        store.put(offset, record);
        if (mirror.put(offset, new Entry(offset, record, event)) == null && offset <= appliedThrough) {
            appliedEntries++;
        }
    }

    /**
     * Parses entries restored from the changelog; {@code parse} returns the event, or null after
     * dead-lettering a record the parser now rejects, which is then removed.
     */
    int parseRestored(BiFunction<Entry, Outbox, ChatEvent> parse) {
        int removed = 0;
        for (Iterator<Map.Entry<Long, Entry>> it = mirror.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Entry> e = it.next();
            Entry entry = e.getValue();
            if (entry.event() != null) {
                continue;
            }
            ChatEvent event = parse.apply(entry, this);
            if (event == null) {
                store.delete(entry.offset());
                it.remove();
                if (entry.offset() <= appliedThrough) {
                    appliedEntries--;
                }
                removed++;
            } else {
                e.setValue(new Entry(entry.offset(), entry.record(), event));
            }
        }
        return removed;
    }

    /** The oldest parsed entries not yet applied, at most {@code max}, stopping at an unparsed one. */
    List<PendingEvent> pending(int max) {
        List<PendingEvent> batch = new ArrayList<>();
        for (Entry e : mirror.tailMap(appliedThrough, false).values()) {
            if (batch.size() >= max || e.event() == null) {
                break;
            }
            batch.add(new PendingEvent(partition, e.offset(), e.event(), e.record()));
        }
        return batch;
    }

    /** Events waiting to be applied. */
    int pendingCount() {
        return mirror.size() - appliedEntries;
    }

    /** Marks every entry up to {@code offset} applied to PostgreSQL. */
    void markApplied(long offset) {
        if (offset > appliedThrough) {
            appliedEntries += mirror.subMap(appliedThrough, false, offset, true).size();
            appliedThrough = offset;
        }
    }

    /** Removes the applied entries from the store and the mirror; returns how many. */
    int removeApplied() {
        Map<Long, Entry> applied = mirror.headMap(appliedThrough, true);
        int n = applied.size();
        for (Long offset : applied.keySet()) {
            store.delete(offset);
        }
        applied.clear();
        appliedEntries = 0;
        return n;
    }

    int size() {
        return mirror.size();
    }

    boolean isEmpty() {
        return mirror.isEmpty();
    }
}
