package dev.chatlog.worker.search;

import dev.chatlog.migrations.ControlSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes applied messages searchable: moves the messages that a trigger queued as the worker inserted
 * them into the full-text search table ({@code index_messages_for_search}, migration V5), in batches,
 * outside the worker's transactions.
 *
 * <p>It works when told to: the sink calls {@link #messagesQueued()} after each commit that stored
 * messages, and the indexer empties the queue, then sleeps until the next call; while commits keep
 * coming, it lets messages gather for {@link #GATHER} between batches that did not fill up. An
 * idle worker therefore sends PostgreSQL nothing but a read-only look at the queue every
 * {@link #IDLE_CHECK} (for messages another instance queued and could not index). Building a
 * message's search document costs about as much as storing the message, so while the worker is
 * writing, the indexer works at most a quarter of the time (it rests three times as long as each
 * batch took): during a burst, ingestion keeps its speed and search lags. Once no commit has stored
 * messages for {@link #BURST_QUIET}, it catches up without resting, and as long as a full batch is
 * waiting, its helpers (threads of their own, on the cores the writers no longer use) index
 * alongside it; concurrent indexers take different messages ({@code SKIP LOCKED}).
 */
public final class SearchIndexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
    static final int BATCH = 2000;
    /** Rest after a batch, as a multiple of the time the batch took. */
    static final int REST_FACTOR = 3;
    /** How long after the last commit that stored messages the indexer still rests between batches. */
    static final Duration BURST_QUIET = Duration.ofSeconds(1);
    /**
     * While commits keep storing messages, the least time between two batches that did not fill up,
     * so a steady flow costs a few indexing transactions a second, not one per commit.
     */
    static final Duration GATHER = Duration.ofMillis(250);
    /** How often an idle indexer looks at the queue without being told to. */
    static final Duration IDLE_CHECK = Duration.ofSeconds(10);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);
    /** How often a resting indexer looks whether the burst is over. */
    private static final Duration REST_STEP = Duration.ofMillis(50);

    private final DataSource dataSource;
    private final String deployment;
    private final String configuration;
    private final Duration idleCheck;
    private final Thread thread;
    private final List<Thread> helpers = new ArrayList<>();
    /** Set while the queue holds more than a batch after a burst: the helpers index too. */
    private volatile boolean catchingUp;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong helperRounds = new AtomicLong();
    private volatile boolean running = true;
    private final AtomicBoolean told = new AtomicBoolean(true);
    private volatile long lastToldNanos = System.nanoTime() - BURST_QUIET.toNanos();

    private SearchIndexer(DataSource dataSource, String deployment, String configuration, Duration idleCheck,
                          int helpers) {
        this.dataSource = dataSource;
        this.deployment = deployment;
        this.configuration = configuration;
        this.idleCheck = idleCheck;
        this.thread = Thread.ofPlatform().daemon().name("chatlog-search-indexer").unstarted(this::run);
        for (int i = 1; i <= helpers; i++) {
            this.helpers.add(Thread.ofPlatform().daemon().name("chatlog-search-indexer-" + i).unstarted(this::help));
        }
    }

    /**
     * Starts indexing the queued messages of {@code deployment}'s active schema, with {@code helpers}
     * more threads for catching up after a burst; each thread uses a connection of {@code dataSource}
     * while it indexes.
     */
    public static SearchIndexer start(DataSource dataSource, String deployment, String configuration, int helpers) {
        return start(dataSource, deployment, configuration, IDLE_CHECK, helpers);
    }

    static SearchIndexer start(DataSource dataSource, String deployment, String configuration, Duration idleCheck,
                               int helpers) {
        SearchIndexer indexer = new SearchIndexer(dataSource, deployment, configuration, idleCheck, helpers);
        indexer.thread.start();
        indexer.helpers.forEach(Thread::start);
        return indexer;
    }

    /** Indexing transactions run so far, by all threads. */
    long rounds() {
        return rounds.get();
    }

    /** Indexing transactions the helpers ran so far. */
    long helperRounds() {
        return helperRounds.get();
    }

    /** Tells the indexer that a commit stored messages: it wakes if it sleeps. Cheap; any thread may call it. */
    public void messagesQueued() {
        lastToldNanos = System.nanoTime();
        if (!told.getAndSet(true)) {
            LockSupport.unpark(thread);
        }
    }

    /** Whether the queue holds a message, read without writing anything (auto-commit, one SELECT). */
    static boolean anyQueued(DataSource dataSource, String deployment) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            String schema = ControlSchema.activeSchema(c, deployment);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM " + quote(schema) + ".message_search_queue)");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Indexes one batch of queued messages; returns how many were taken from the queue. */
    public static int indexBatch(DataSource dataSource, String deployment, String configuration, int batch)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String schema = ControlSchema.activeSchema(c, deployment);
                int taken;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT " + quote(schema) + ".index_messages_for_search(?, ?::regconfig)")) {
                    s.setInt(1, batch);
                    s.setString(2, configuration);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        taken = rs.getInt(1);
                    }
                }
                c.commit();
                return taken;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void run() {
        while (running) {
            // cleared before the queue is read: a commit after this point wakes the next round
            told.set(false);
            long start = System.nanoTime();
            try {
                int taken = indexBatch(dataSource, deployment, configuration, BATCH);
                rounds.incrementAndGet();
                long took = System.nanoTime() - start;
                if (inBurst()) {
                    catchingUp = false;
                    // a steady flow of commits: let messages gather instead of a transaction per commit
                    rest(taken < BATCH ? Math.max(took * REST_FACTOR, GATHER.toNanos()) : took * REST_FACTOR);
                } else if (taken == BATCH && !catchingUp) {
                    catchingUp = true;
                    helpers.forEach(LockSupport::unpark);
                }
                if (taken < BATCH) {
                    catchingUp = false;
                    awaitWork();
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("could not index messages for search, retrying in {} s: {}", AFTER_FAILURE.toSeconds(),
                            e.toString());
                    sleep(AFTER_FAILURE.toNanos());
                }
            }
        }
    }

    /** Sleeps up to {@code nanos}, but no longer than the burst lasts. */
    private void rest(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left; running && inBurst() && (left = deadline - System.nanoTime()) > 0; ) {
            sleep(Math.min(left, REST_STEP.toNanos()));
        }
    }

    private boolean inBurst() {
        return System.nanoTime() - lastToldNanos < BURST_QUIET.toNanos();
    }

    /** A helper: indexes batch after batch while the indexer catches up, and sleeps otherwise. */
    private void help() {
        while (running) {
            if (!catchingUp || inBurst()) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    running = false;
                }
                continue;
            }
            try {
                int taken = indexBatch(dataSource, deployment, configuration, BATCH);
                rounds.incrementAndGet();
                helperRounds.incrementAndGet();
                if (taken < BATCH) {
                    catchingUp = false;
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.debug("a search indexer helper stops until the next catch-up: {}", e.toString());
                    catchingUp = false;
                }
            }
        }
    }

    /** Sleeps until told, looking at the queue every {@link #IDLE_CHECK} meanwhile. */
    private void awaitWork() throws SQLException {
        while (running && !told.get()) {
            long deadline = System.nanoTime() + idleCheck.toNanos();
            for (long left; running && !told.get() && (left = deadline - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    running = false;
                }
            }
            if (running && !told.get() && anyQueued(dataSource, deployment)) {
                return;
            }
        }
    }

    private void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        helpers.forEach(Thread::interrupt);
        thread.join(Duration.ofSeconds(10));
        for (Thread helper : helpers) {
            helper.join(Duration.ofSeconds(10));
        }
    }
}
