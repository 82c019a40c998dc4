package dev.chatlog.worker.outbox;

import dev.chatlog.event.EventParser;
import dev.chatlog.worker.sink.PendingEvent;
import dev.chatlog.worker.sink.RecordBytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
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
 * past an event that exists nowhere else; a queue keeps the entries in offset order. An entry is
 * only the record's bytes: the writer maps them to the event again when it writes the batch, so
 * that a waiting event holds no parsed tree (the heap's collections copy what waits, not what the
 * writer parses and drops). Entries restored from the changelog arrive unvalidated and are
 * validated again by their own task.
 * <p>
 * A batch may be written by another task of the same stream thread; it then only marks the entries
 * applied, and this partition's task removes them from its store itself ({@link #removeApplied()}).
 */
public final class Outbox {

    /** An outbox entry: the original record bytes as stored, and whether the parser accepted them yet. */
    public record Entry(long offset, byte[] record, boolean accepted) {

        public byte[] key() {
            return RecordBytes.key(record);
        }

        public byte[] value() {
            return RecordBytes.value(record);
        }
    }

    private final int partition;
    private final KeyValueStore<Long, byte[]> store;
    /** The entries in ascending offset order: the applied ones first, then the pending ones. */
    private ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long appliedThrough = -1;
    /** Entries at or below {@link #appliedThrough}, all at the head: the drain asks for the pending count after every record. */
    private int appliedEntries;
    /** Entries restored from the changelog and not validated yet, all at the head. */
    private int unaccepted;

    public Outbox(int partition, KeyValueStore<Long, byte[]> store) {
        this.partition = partition;
        this.store = store;
        // The store iterates its keys in ascending order: big-endian bytes of non-negative offsets.
        try (KeyValueIterator<Long, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Long, byte[]> kv = all.next();
                unaccepted++;
                append(new Entry(kv.key, kv.value, false));
            }
        }
    }

    public int partition() {
        return partition;
    }

    /** Adds a record the parser accepted. */
    public void add(long offset, byte[] key, byte[] value) {
        byte[] record = RecordBytes.pack(key, value);
        store.put(offset, record);
        append(new Entry(offset, record, true));
    }

    // A partition's records arrive in offset order, and after a restore the input is read again
    // from past the restored entries; should an offset ever come again or out of order, the entry
    // still takes its place in the order (and replaces an entry of the same offset).
    private void append(Entry entry) {
        Entry last = entries.peekLast();
        if (last == null || entry.offset() > last.offset()) {
            entries.addLast(entry);
            if (entry.offset() <= appliedThrough) {
                appliedEntries++;
            }
            return;
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.removeIf(e -> e.offset() == entry.offset());
        sorted.add(entry);
        sorted.sort(Comparator.comparingLong(Entry::offset));
        entries = new ArrayDeque<>(sorted);
        appliedEntries = (int) sorted.stream().filter(e -> e.offset() <= appliedThrough).count();
        unaccepted = (int) sorted.stream().filter(e -> !e.accepted()).count();
    }

    /** Whether entries restored from the changelog wait to be validated. */
    public boolean hasRestored() {
        return unaccepted > 0;
    }

    /**
     * Validates entries restored from the changelog; {@code accept} says whether the parser accepts
     * one, and dead-letters it if not, which is then removed. An entry below {@code appliedBelow}
     * (the partition's stored next offset) is in PostgreSQL already: it is removed without a look,
     * so a validator that became stricter since never dead-letters an event that was applied.
     * Returns how many were removed.
     */
    public int acceptRestored(long appliedBelow, BiPredicate<Entry, Outbox> accept) {
        if (unaccepted == 0) {
            return 0;
        }
        ArrayDeque<Entry> kept = new ArrayDeque<>(entries.size());
        int removed = 0;
        for (Entry entry : entries) {
            if (entry.accepted()) {
                kept.addLast(entry);
            } else if (entry.offset() >= appliedBelow && accept.test(entry, this)) {
                kept.addLast(new Entry(entry.offset(), entry.record(), true));
            } else {
                store.delete(entry.offset());
                if (entry.offset() <= appliedThrough) {
                    appliedEntries--;
                }
                removed++;
            }
        }
        entries = kept;
        unaccepted = 0;
        return removed;
    }

    /** The oldest accepted entries not yet applied, at most {@code max}, stopping at one not validated yet. */
    List<Entry> pending(int max) {
        List<Entry> batch = new ArrayList<>(Math.min(max, pendingCount()));
        Iterator<Entry> it = entries.iterator();
        for (int skip = appliedEntries; skip > 0; skip--) {
            it.next();
        }
        while (it.hasNext() && batch.size() < max) {
            Entry e = it.next();
            if (!e.accepted()) {
                break;
            }
            batch.add(e);
        }
        return batch;
    }

    /** Events waiting to be applied. */
    int pendingCount() {
        return entries.size() - appliedEntries;
    }

    /** Marks every entry up to {@code offset} applied to PostgreSQL. */
    void markApplied(long offset) {
        if (offset <= appliedThrough) {
            return;
        }
        Iterator<Entry> it = entries.iterator();
        for (int skip = appliedEntries; skip > 0; skip--) {
            it.next();
        }
        while (it.hasNext() && it.next().offset() <= offset) {
            appliedEntries++;
        }
        appliedThrough = offset;
    }

    /** Removes the applied entries from the store and the outbox; returns how many. */
    public int removeApplied() {
        int n = appliedEntries;
        for (; appliedEntries > 0; appliedEntries--) {
            store.delete(entries.removeFirst().offset());
        }
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

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
