package dev.chatlog.worker.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The outbox's store: a changelogged key-value store that passes changes on to its changelog only
 * when Kafka Streams is about to commit, and then only what the commit needs. An entry put and
 * deleted between two commits (an event consumed and applied to PostgreSQL within one commit
 * interval, the common case) never reaches the changelog at all; an entry still there at a commit
 * is logged, and its deletion after that is logged as a tombstone.
 * <p>
 * Kafka Streams' own record cache does the same job for any store, but it cannot know that a
 * deleted key was never logged, so each event cost a tombstone, and it keeps its entries in an
 * LRU list and a sorted map of byte keys. This store relies on the outbox's use: every key (an
 * input offset) is put once, then deleted once.
 * <p>
 * Why this is safe: Kafka Streams flushes a task's caches ({@link CachedStateStore#flushCache()})
 * in {@code prepareCommit}, before it sends the input offsets and commits the transaction, on every
 * commit path: the interval, a requested commit, a rebalance and a clean close. The record cache of
 * the built-in stores depends on the same call. So at every commit the changelog holds exactly
 * the entries that are in the outbox, in the same transaction as the offsets past them. That hook
 * is the one interface here that is not public API, so it is guarded twice: the worker refuses a
 * Kafka Streams version nobody audited ({@link KafkaStreamsVersion}), and the {@link CommitGuard}
 * stops it should a commit ever pass an entry this store has not handed on; {@code OutboxStoreTest}
 * checks the hook's timing against the pinned Kafka Streams version.
 */
final class OutboxStore implements KeyValueStore<Long, byte[]>, CachedStateStore<Long, byte[]> {

    private final KeyValueStore<Long, byte[]> logged;
    private final CommitGuard guard;
    private final StreamThreadStores threadStores;
    private int partition = -1;
    /** Puts since the last flush, not in {@link #logged} yet. */
    private final Map<Long, byte[]> unlogged = new HashMap<>();
    /** Deletions since the last flush of keys that {@link #logged} holds. */
    private final Set<Long> deleted = new HashSet<>();

    /**
     * @param logged the changelogged store without a cache that holds what was flushed
     * @param guard  the tripwire that checks every commit of the input offsets against this store
     * @param threadStores the outbox stores of every stream thread, this one's included once initialised
     */
    OutboxStore(KeyValueStore<Long, byte[]> logged, CommitGuard guard, StreamThreadStores threadStores) {
        this.logged = logged;
        this.guard = guard;
        this.threadStores = threadStores;
    }

    /** The lowest key below {@code offset} put and not yet handed to the changelog, or -1 if none. */
    long oldestUnloggedBelow(long offset) {
        long oldest = -1;
        for (Long key : unlogged.keySet()) {
            if (key < offset && (oldest < 0 || key < oldest)) {
                oldest = key;
            }
        }
        return oldest;
    }

    @Override
    public void put(Long key, byte[] value) {
        if (value == null) {
            delete(key);
            return;
        }
        unlogged.put(key, value);
    }

    @Override
    public byte[] delete(Long key) {
        byte[] value = unlogged.remove(key);
        if (value != null) {
            return value; // never logged: nothing to undo in the changelog
        }
        byte[] old = logged.get(key);
        if (old != null) {
            deleted.add(key);
        }
        return old;
    }

    @Override
    public byte[] get(Long key) {
        byte[] value = unlogged.get(key);
        if (value != null || deleted.contains(key)) {
            return value;
        }
        return logged.get(key);
    }

    @Override
    public byte[] putIfAbsent(Long key, byte[] value) {
        byte[] old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Long, byte[]>> entries) {
        for (KeyValue<Long, byte[]> e : entries) {
            put(e.key, e.value);
        }
    }

    /**
     * Before a commit: passes the changes of every outbox store of this stream thread on to their
     * changelogged stores, so that the commit's first producer flush waits for all of them at once
     * ({@link StreamThreadStores}).
     */
    @Override
    public void flushCache() {
        threadStores.handOnAll(this);
    }

    /** Passes this store's changes since the last hand-on to the changelogged store. */
    void handOn() {
        if (deleted.isEmpty() && unlogged.isEmpty()) {
            return;
        }
        for (Long key : deleted) {
            logged.delete(key);
        }
        deleted.clear();
        if (!unlogged.isEmpty()) {
            List<KeyValue<Long, byte[]>> entries = new ArrayList<>(unlogged.size());
            unlogged.forEach((k, v) -> entries.add(KeyValue.pair(k, v)));
            logged.putAll(entries);
            unlogged.clear();
        }
    }

    @Override
    public void clearCache() {
        unlogged.clear();
        deleted.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Long, byte[]> listener, boolean sendOldValues) {
        return false; // nothing downstream reads this store's changes
    }

    // Reads across keys see the flushed store: the outbox reads it whole only when its task starts.

    @Override
    public KeyValueIterator<Long, byte[]> range(Long from, Long to) {
        handOn();
        return logged.range(from, to);
    }

    @Override
    public KeyValueIterator<Long, byte[]> reverseRange(Long from, Long to) {
        handOn();
        return logged.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Long, byte[]> all() {
        handOn();
        return logged.all();
    }

    @Override
    public KeyValueIterator<Long, byte[]> reverseAll() {
        handOn();
        return logged.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Long, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        handOn();
        return logged.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return logged.approximateNumEntries() + unlogged.size() - deleted.size();
    }

    @Override
    public String name() {
        return logged.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        logged.init(context, root);
        partition = context.taskId().partition();
        guard.register(partition, this);
        threadStores.register(this);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        logged.commit(changelogOffsets);
    }

    @Override
    public void close() {
        if (partition >= 0) {
            guard.deregister(partition, this);
        }
        threadStores.deregister(this);
        clearCache();
        logged.close();
    }

    @Override
    public boolean persistent() {
        return logged.persistent();
    }

    @Override
    public boolean isOpen() {
        return logged.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return logged.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return logged.getPosition();
    }
}
