package dev.chatlog.worker.search;

import dev.chatlog.migrations.ControlSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes applied messages searchable: moves the messages that a trigger queued as the worker inserted
 * them into the full-text search table ({@code index_messages_for_search}, migration V5), in batches,
 * outside the worker's transactions. Building a message's search document costs about as much as
 * storing the message, so the indexer works at most a quarter of the time (it rests three times as
 * long as each batch took): during a burst, ingestion keeps its speed and search lags; the indexer
 * catches up once the burst is over.
 */
public final class SearchIndexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
    static final int BATCH = 2000;
    /** Rest after a batch, as a multiple of the time the batch took. */
    static final int REST_FACTOR = 3;
    private static final Duration IDLE = Duration.ofMillis(500);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final String deployment;
    private final String configuration;
    private final Thread thread;
    private volatile boolean running = true;

    private SearchIndexer(DataSource dataSource, String deployment, String configuration) {
        this.dataSource = dataSource;
        this.deployment = deployment;
        this.configuration = configuration;
        this.thread = Thread.ofPlatform().daemon().name("chatlog-search-indexer").unstarted(this::run);
    }

    /** Starts indexing the queued messages of {@code deployment}'s active schema. */
    public static SearchIndexer start(DataSource dataSource, String deployment, String configuration) {
        SearchIndexer indexer = new SearchIndexer(dataSource, deployment, configuration);
        indexer.thread.start();
        return indexer;
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
            long start = System.nanoTime();
            try {
                int taken = indexBatch(dataSource, deployment, configuration, BATCH);
                long took = System.nanoTime() - start;
                sleep(taken < BATCH ? IDLE.toNanos() : took * REST_FACTOR);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("could not index messages for search, retrying in {} s: {}", AFTER_FAILURE.toSeconds(),
                            e.toString());
                    sleep(AFTER_FAILURE.toNanos());
                }
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
        thread.join(Duration.ofSeconds(10));
    }
}
