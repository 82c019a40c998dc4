package dev.chatlog.worker.topology;

import dev.chatlog.event.EventParser;
import dev.chatlog.worker.sink.PendingEvent;
import dev.chatlog.worker.sink.RecordBytes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The events of one input partition that are consumed but not yet in PostgreSQL, keyed by input
 * offset. Every entry lives in a changelogged store, so Kafka Streams never commits an input offset
 * past an event that exists nowhere else; a mirror keeps the entries in offset order. An entry is
 * only the record's bytes: the writer maps them to the event again when it writes the batch, so
 * that a waiting event holds no parsed tree (the heap's collections copy what waits, not what the
 * writer parses and drops). Entries restored from the changelog arrive unvalidated and are
 * validated again by their own task.
 * <p>
 * A batch may be written by another task of the same stream thread; it then only marks the entries
 * applied, and this partition's task removes them from its store itself ({@link #removeApplied()}).
 */
final class Outbox {

    /** An outbox entry: the original record bytes as stored, and whether the parser accepted them yet. */
    record Entry(long offset, byte[] record, boolean accepted) {

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
                mirror.put(kv.key, new Entry(kv.key, kv.value, false));
            }
        }
    }

    int partition() {
        return partition;
    }

    /** Adds a record the parser accepted. */
    void add(long offset, byte[] key, byte[] value) {
        byte[] record = RecordBytes.pack(key, value);
        store.put(offset, record);
        if (mirror.put(offset, new Entry(offset, record, true)) == null && offset <= appliedThrough) {
            appliedEntries++;
        }
    }

    /**
     * Validates entries restored from the changelog; {@code accept} says whether the parser accepts
     * one, and dead-letters it if not, which is then removed. Returns how many were removed.
     */
    int acceptRestored(BiPredicate<Entry, Outbox> accept) {
        int removed = 0;
        for (Iterator<Map.Entry<Long, Entry>> it = mirror.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Entry> e = it.next();
            Entry entry = e.getValue();
            if (entry.accepted()) {
                continue;
            }
            if (!accept.test(entry, this)) {
                store.delete(entry.offset());
                it.remove();
                if (entry.offset() <= appliedThrough) {
                    appliedEntries--;
                }
                removed++;
            } else {
                e.setValue(new Entry(entry.offset(), entry.record(), true));
            }
        }
        return removed;
    }

    /** The oldest accepted entries not yet applied, at most {@code max}, stopping at one not validated yet. */
    List<Entry> pending(int max) {
        List<Entry> batch = new ArrayList<>();
        for (Entry e : mirror.tailMap(appliedThrough, false).values()) {
            if (batch.size() >= max || !e.accepted()) {
                break;
            }
            batch.add(e);
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

    /** A batch's entries as events, mapped again from their bytes (the parser accepted each before). */
    static Map<Integer, List<PendingEvent>> events(Map<Integer, List<Entry>> batch, EventParser parser) {
        Map<Integer, List<PendingEvent>> events = new TreeMap<>();
        batch.forEach((partition, entries) -> {
            List<PendingEvent> list = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                list.add(PendingEvent.parse(partition, e.offset(), e.record(), parser));
            }
            events.put(partition, list);
        });
        return events;
    }

    int size() {
        return mirror.size();
    }

    boolean isEmpty() {
        return mirror.isEmpty();
    }
}
