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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the messages that were queued for search rather than given their search document when
 * they were stored: the worker's own batches make each message's document in the statement that
 * inserts it (migration V9), so what reaches the queue ({@code message_search_queue}) is what was
 * inserted some other way, what an operator queued to index every message again with another text
 * search configuration (query-api/README.md), and what was still queued when V9 was applied. The
 * indexer moves it into the full-text search table ({@code index_messages_for_search}, migration
 * V5), in batches of {@link #BATCH}, outside the worker's transactions.
 *
 * <p>An idle indexer sends PostgreSQL nothing but a read-only look at the queue every
 * {@link #IDLE_CHECK}. When it finds messages it indexes batch after batch until the queue is
 * empty, and while a full batch is waiting its helpers (threads of their own) index alongside it;
 * concurrent indexers take different messages ({@code SKIP LOCKED}).
 */
public final class SearchIndexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
    static final int BATCH = 2000;
    /** How often an idle indexer looks at the queue. */
    static final Duration IDLE_CHECK = Duration.ofSeconds(10);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final String deployment;
    private final String configuration;
    private final Duration idleCheck;
    private final Thread thread;
    private final List<Thread> helpers = new ArrayList<>();
    /** Set while the queue holds more than a batch: the helpers index too. */
    private volatile boolean catchingUp;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong helperRounds = new AtomicLong();
    private volatile boolean running = true;

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
     * more threads for a backlog; each thread uses a connection of {@code dataSource} while it indexes.
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
            try {
                int taken = indexBatch(dataSource, deployment, configuration, BATCH);
                rounds.incrementAndGet();
                if (taken == BATCH && !catchingUp) {
                    catchingUp = true;
                    helpers.forEach(LockSupport::unpark);
                } else if (taken < BATCH) {
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

    /** A helper: indexes batch after batch while a backlog waits, and sleeps otherwise. */
    private void help() {
        while (running) {
            if (!catchingUp) {
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

    /** Sleeps until the queue holds a message, looking every {@link #IDLE_CHECK}. */
    private void awaitWork() throws SQLException {
        while (running) {
            long deadline = System.nanoTime() + idleCheck.toNanos();
            for (long left; running && (left = deadline - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    running = false;
                }
            }
            if (running && anyQueued(dataSource, deployment)) {
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
