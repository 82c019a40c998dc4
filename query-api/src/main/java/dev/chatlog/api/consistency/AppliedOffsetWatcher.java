package dev.chatlog.api.consistency;

import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.db.ReaderTransactions.Query;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows how far the worker has applied each partition of the topic, from its stored offsets
 * ({@code applied_offsets}: offset {@code o} is applied when {@code next_offset > o}). A request
 * whose offset is not known to be applied registers and wakes one shared poller, which reads the
 * table for every waiting request at once, at once and then every 2 ms while offsets move, backing
 * off to 20 ms while they do not, and only while someone waits. The poller reads through its own
 * data source (the API gives it a pool of one connection), so it never queues behind the requests
 * it is to release: when reads exhaust the request pool, the waits still end as soon as the worker
 * applies, and a waiting request takes no connection at all. Offsets only grow within a schema, so
 * what was seen applied stays applied.
 */
public final class AppliedOffsetWatcher implements AutoCloseable {

    static final long MIN_PAUSE_MS = 2;
    static final long MAX_PAUSE_MS = 20;

    private static final Logger log = LoggerFactory.getLogger(AppliedOffsetWatcher.class);
    private static final Query READ = ReaderTransactions.prepare(
            "SELECT partition, next_offset FROM applied_offsets WHERE topic = ?");

    private final ReaderTransactions transactions;
    private final String topic;
    private final Map<String, Map<Integer, Long>> applied = new ConcurrentHashMap<>();
    // a lock, not a monitor: on JDK 21 the poller waiting in Object.wait would pin a carrier thread
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Thread poller;
    private boolean woken;
    private boolean closed;
    private String lastFailure;
    private final DataSource pollerSource;

    /**
     * @param pollerSource where the poller takes its connection from: not the pool of the requests,
     *                     whose exhaustion would otherwise stall the waits
     */
    public AppliedOffsetWatcher(ReaderTransactions transactions, DataSource pollerSource, String topic) {
        this.transactions = transactions;
        this.pollerSource = pollerSource;
        this.topic = topic;
        this.poller = Thread.ofVirtual().name("chatlog-applied-offsets").start(this::pollWhileWaited);
    }

    /** Whether {@code offset} of {@code partition} is applied, waiting at most {@code max} for it. */
    public boolean awaitApplied(int partition, long offset, Duration max) throws InterruptedException {
        String schema = transactions.schema();
        if (isApplied(schema, partition, offset)) {
            return true;
        }
        if (max.isZero()) {
            merge(schema, transactions.query("", READ, AppliedOffsetWatcher::offsets, List.of(topic)));
            return isApplied(schema, partition, offset);
        }
        Waiter waiter = new Waiter(schema, partition, offset);
        lock.lock();
        try {
            waiters.add(waiter);
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            return waiter.done.await(max.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.lock();
            try {
                waiters.remove(waiter);
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        poller.join();
    }

    private boolean isApplied(String schema, int partition, long offset) {
        Long next = applied.getOrDefault(schema, Map.of()).get(partition);
        return next != null && next > offset;
    }

    private static Map<Integer, Long> offsets(ResultSet rs) throws SQLException {
        Map<Integer, Long> offsets = new HashMap<>();
        while (rs.next()) {
            offsets.put(rs.getInt(1), rs.getLong(2));
        }
        return offsets;
    }

    /** Reads the stored offsets of {@code schema} on the poller's connection; true when any moved forward. */
    private boolean read(String schema) throws SQLException {
        try (Connection connection = pollerSource.getConnection()) {
            return merge(schema, transactions.query(connection, schema, "", READ, AppliedOffsetWatcher::offsets, List.of(topic)));
        }
    }

    /** Takes what was read for {@code schema}; true when any offset moved forward. */
    private boolean merge(String schema, Map<Integer, Long> rows) {
        Map<Integer, Long> known = applied.computeIfAbsent(schema, s -> new ConcurrentHashMap<>());
        boolean moved = false;
        for (Map.Entry<Integer, Long> row : rows.entrySet()) {
            Long before = known.get(row.getKey());
            if (before == null || row.getValue() > before) {
                known.merge(row.getKey(), row.getValue(), Math::max);
                moved = true;
            }
        }
        return moved;
    }

    private void pollWhileWaited() {
        long pause = MIN_PAUSE_MS;
        try {
            while (true) {
                Set<String> schemas = new HashSet<>();
                List<Waiter> waiting;
                lock.lock();
                try {
                    while (waiters.isEmpty() && !closed) {
                        changed.await();
                    }
                    if (closed) {
                        return;
                    }
                    waiting = List.copyOf(waiters);
                    woken = false;
                } finally {
                    lock.unlock();
                }
                waiting.forEach(w -> schemas.add(w.schema));
                boolean moved = pollOnce(schemas);
                for (Waiter w : waiting) {
                    if (isApplied(w.schema, w.partition, w.offset)) {
                        w.done.countDown();
                    }
                }
                pause = moved ? MIN_PAUSE_MS : Math.min(pause * 2, MAX_PAUSE_MS);
                lock.lock();
                try {
                    if (!woken && !closed) {
                        changed.await(pause, TimeUnit.MILLISECONDS);
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean pollOnce(Set<String> schemas) {
        boolean moved = false;
        for (String schema : schemas) {
            try {
                moved |= read(schema);
                lastFailure = null;
            } catch (SQLException | RuntimeException e) {
                if (!e.toString().equals(lastFailure)) {
                    log.warn("could not read the applied offsets of {}; waiting requests may time out: {}", topic, e.toString());
                    lastFailure = e.toString();
                }
            }
        }
        return moved;
    }

    private static final class Waiter {
        final String schema;
        final int partition;
        final long offset;
        final CountDownLatch done = new CountDownLatch(1);

        Waiter(String schema, int partition, long offset) {
            this.schema = schema;
            this.partition = partition;
            this.offset = offset;
        }
    }
}
