package dev.chatlog.api.consistency;

import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.db.ReaderTransactions.Query;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows how far the worker has applied each partition of the topic, from its stored offsets
 * ({@code applied_offsets}: offset {@code o} is applied when {@code next_offset > o}). A request
 * whose offset is not known to be applied registers and wakes one shared poller, which reads the
 * table for every waiting request at once, and only while someone waits. It reads again as soon as
 * the worker commits a batch: every batch notifies the channel {@value #CHANNEL} as it stores its
 * offsets, and a listener thread, holding one connection in {@code LISTEN}, wakes the poller for
 * each notification. Between notifications the poller reads again only every
 * {@value #LISTENING_PAUSE_MS} ms, in case one was missed; while it is not listening (the
 * connection lost, a pooler in transaction mode that does not pass {@code LISTEN} on), it polls
 * every 2 ms while offsets move, backing off to 20 ms while they do not. Poller and listener take
 * their connections from their own data source (the API gives them a pool of two), so they never
 * queue behind the requests they are to release: when reads exhaust the request pool, the waits
 * still end as soon as the worker applies, and a waiting request takes no connection at all.
 * Offsets only grow within a schema, so what was seen applied stays applied.
 */
public final class AppliedOffsetWatcher implements AutoCloseable {

    static final long MIN_PAUSE_MS = 2;
    static final long MAX_PAUSE_MS = 20;
    /** The channel the worker's batches notify when they commit (the worker's {@code PostgresSink.APPLIED_CHANNEL}). */
    public static final String CHANNEL = "chatlog_applied";
    /** While listening, how long the poller waits for a notification before it reads anyway. */
    static final long LISTENING_PAUSE_MS = 250;
    /** How long the listener blocks for notifications at a time, so that it notices {@link #close()}. */
    private static final int LISTEN_SLICE_MS = 200;
    private static final long LISTEN_RETRY_MAX_MS = 5_000;

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
    private final Thread listener;
    private final long listeningPauseMs;
    private volatile boolean listening;
    private boolean woken;
    private volatile boolean closed;
    private String lastFailure;
    private final DataSource pollerSource;

    /**
     * @param pollerSource where the poller and the listener take their connections from, two at once:
     *                     not the pool of the requests, whose exhaustion would otherwise stall the waits
     */
    public AppliedOffsetWatcher(ReaderTransactions transactions, DataSource pollerSource, String topic) {
        this(transactions, pollerSource, topic, LISTENING_PAUSE_MS);
    }

    /** As above, reading at least every {@code listeningPauseMs} while listening (tests make it long). */
    AppliedOffsetWatcher(ReaderTransactions transactions, DataSource pollerSource, String topic, long listeningPauseMs) {
        this.transactions = transactions;
        this.pollerSource = pollerSource;
        this.topic = topic;
        this.listeningPauseMs = listeningPauseMs;
        this.poller = Thread.ofVirtual().name("chatlog-applied-offsets").start(this::pollWhileWaited);
        // a platform thread: it blocks in pgjdbc's socket reads, which would pin a virtual thread's carrier
        this.listener = Thread.ofPlatform().daemon().name("chatlog-applied-offsets-listener").start(this::listen);
    }

    /** Whether a connection listens for the worker's commits (else the poller polls). */
    boolean isListening() {
        return listening;
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
            wake();
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
        closed = true;
        wake();
        poller.join();
        listener.join();
    }

    /** Holds a connection in LISTEN and wakes the poller for each notification; reconnects with backoff. */
    private void listen() {
        long retryMs = 100;
        String lastProblem = null;
        while (!closed) {
            try (Connection connection = pollerSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                listening = true;
                retryMs = 100;
                if (lastProblem != null) {
                    log.info("listening for the worker's commits again");
                    lastProblem = null;
                }
                wake(); // a batch may have committed while nobody listened
                while (!closed) {
                    PGNotification[] received = notifications.getNotifications(LISTEN_SLICE_MS);
                    if (received != null && received.length > 0) {
                        wake();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!e.toString().equals(lastProblem)) {
                    log.warn("not listening for the worker's commits ({}); read-your-writes waits poll every {}-{} ms"
                            + " until the listener is back", e.toString(), MIN_PAUSE_MS, MAX_PAUSE_MS);
                    lastProblem = e.toString();
                }
                sleepUnlessClosed(retryMs);
                retryMs = Math.min(retryMs * 2, LISTEN_RETRY_MAX_MS);
            }
        }
        listening = false;
    }

    private void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void sleepUnlessClosed(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        lock.lock();
        try {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
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
                // listening, a commit wakes the poller at once; else poll, faster while offsets move
                pause = listening ? listeningPauseMs : moved ? MIN_PAUSE_MS : Math.min(pause * 2, MAX_PAUSE_MS);
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
