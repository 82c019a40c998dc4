package dev.chatlog.worker.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.worker.TestEvents;
import dev.chatlog.worker.WriterPool;
import dev.chatlog.worker.sink.PendingEvent;
import dev.chatlog.worker.sink.PostgresSink;
import dev.chatlog.worker.sink.RecordBytes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The search indexer works when the sink tells it that a commit stored messages, and an idle one
 * runs no indexing transaction, only a read-only look at the queue now and then.
 */
@ExtendWith(ChatlogServersExtension.class)
class SearchIndexerIT {

    /** Far longer than any wake-up takes: a message indexed sooner was indexed because the sink said so. */
    private static final Duration LONG_IDLE_CHECK = Duration.ofSeconds(60);

    private final TestEvents events = new TestEvents();
    private TestDatabase db;
    private HikariDataSource pool;
    private final AtomicReference<SearchIndexer> indexer = new AtomicReference<>();
    private long offset;

    @BeforeEach
    void setUp(TestDatabase db) {
        this.db = db;
        Migrations.apply(db.dataSource(), "chatlog");
        pool = WriterPool.open(db, 3);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        SearchIndexer running = indexer.get();
        if (running != null) {
            running.close();
        }
        pool.close();
    }

    private void store(PostgresSink sink, ChatEvent... batch) {
        List<PendingEvent> pending = new ArrayList<>();
        for (ChatEvent e : batch) {
            pending.add(new PendingEvent(0, offset++, e, RecordBytes.pack(TestEvents.key(e), TestEvents.value(e))));
        }
        sink.apply("chat.events", Map.of(0, pending));
    }

    /** Starts an indexer without helpers and waits for its first round, which finds the queue empty. */
    private SearchIndexer startIdle(Duration idleCheck) {
        SearchIndexer started = SearchIndexer.start(pool, "chatlog", "simple", idleCheck, 0);
        indexer.set(started);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.rounds() >= 1);
        return started;
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aCommitThatStoredMessagesWakesTheIdleIndexer() throws Exception {
        // the first round, at start, finds the queue empty; from then on the indexer sleeps
        SearchIndexer started = startIdle(LONG_IDLE_CHECK);
        PostgresSink sink = new PostgresSink(pool, "chatlog", letters -> { }, started::messagesQueued);

        store(sink, events.message("u1", "c1", "m1", "the quick brown fox"),
                events.message("u1", "c1", "m2", "jumps over the lazy dog"));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM chatlog.message_search") == 2);
        assertThat(count("SELECT count(*) FROM chatlog.message_search_queue")).isZero();
        assertThat(count("SELECT count(*) FROM chatlog.message_search WHERE document @@ 'lazy'::tsquery")).isEqualTo(1);
    }

    @Test
    void anIdleIndexerRunsNoIndexingTransactionsUntilTold() throws Exception {
        SearchIndexer started = startIdle(Duration.ofMillis(100));
        long idle = started.rounds();
        // twenty looks at the empty queue, none of them an indexing transaction
        Thread.sleep(2_000);
        assertThat(started.rounds()).isEqualTo(idle);

        PostgresSink sink = new PostgresSink(pool, "chatlog", letters -> { }, started::messagesQueued);
        store(sink, events.message("u1", "c1", "m1", "one message"));
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM chatlog.message_search") == 1);
        assertThat(started.rounds()).isGreaterThan(idle);
    }

    @Test
    void messagesQueuedWithoutATellAreFoundByTheIdleLook() throws Exception {
        SearchIndexer started = startIdle(Duration.ofMillis(200));
        // another instance stored these and stopped before indexing them: nobody tells this indexer
        PostgresSink elsewhere = new PostgresSink(pool, "chatlog", letters -> { });
        store(elsewhere, events.message("u2", "c9", "m1", "stored by an instance that stopped"));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM chatlog.message_search") == 1);
    }

    @Test
    void helpersIndexAlongsideOnceABacklogOfSeveralBatchesWaitsAfterABurst() throws Exception {
        PostgresSink sink = new PostgresSink(pool, "chatlog", letters -> { });
        int messages = 4 * SearchIndexer.BATCH + 1;
        for (int from = 0; from < messages; from += 1000) {
            List<ChatEvent> batch = new ArrayList<>();
            for (int i = from; i < Math.min(messages, from + 1000); i++) {
                batch.add(events.message("u" + i % 50, "c" + i % 200, "m" + i, "message number " + i));
            }
            store(sink, batch.toArray(ChatEvent[]::new));
        }
        SearchIndexer started = SearchIndexer.start(pool, "chatlog", "simple", LONG_IDLE_CHECK, 1);
        indexer.set(started);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("SELECT count(*) FROM chatlog.message_search") == messages);
        assertThat(count("SELECT count(*) FROM chatlog.message_search_queue")).isZero();
        assertThat(started.helperRounds()).as("transactions of the helper").isPositive();
        assertThat(count("SELECT count(*) FROM chatlog.message_search WHERE document @@ 'number & 4242'::tsquery"))
                .isEqualTo(1);
    }

    @Test
    void aSteadyFlowOfCommitsCostsAFewIndexingTransactionsASecondNotOnePerCommit() throws Exception {
        SearchIndexer started = startIdle(LONG_IDLE_CHECK);
        PostgresSink sink = new PostgresSink(pool, "chatlog", letters -> { }, started::messagesQueued);

        long before = started.rounds();
        int commits = 100;
        long start = System.nanoTime();
        for (int i = 0; i < commits; i++) {
            store(sink, events.message("u1", "c1", "m" + i, "steady message " + i));
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rounds = started.rounds() - before;

        // one transaction per GATHER at most while the commits keep coming, plus the one each gap may start
        assertThat(rounds).as("indexing transactions during %.1f s of %d commits", seconds, commits)
                .isLessThanOrEqualTo((long) (seconds / SearchIndexer.GATHER.toMillis() * 1000) + 3);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("SELECT count(*) FROM chatlog.message_search") == commits);
    }
}
