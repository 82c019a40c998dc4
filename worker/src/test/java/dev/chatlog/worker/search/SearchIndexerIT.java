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
 * The worker's batches make their messages' search documents in the statement that inserts them, so
 * nothing waits for the indexer; the indexer moves what was queued otherwise (an operator indexing
 * every message again), and an idle one runs no indexing transaction, only a read-only look at the
 * queue now and then.
 */
@ExtendWith(ChatlogServersExtension.class)
class SearchIndexerIT {

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

    /** What query-api/README.md tells an operator to run to index every message again, as the owner. */
    private void queueEveryMessageAgain() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("TRUNCATE chatlog.message_search");
            s.execute("""
                    INSERT INTO chatlog.message_search_queue (user_id, conversation_id, seq)
                    SELECT user_id, conversation_id, seq FROM chatlog.messages""");
            c.commit();
        }
    }

    @Test
    void aBatchMakesItsMessagesSearchDocumentsInItsOwnTransactionWithTheConfiguredLanguage() throws Exception {
        PostgresSink sink = new PostgresSink(pool, "chatlog", letters -> { }, "english");

        store(sink, events.message("u1", "c1", "m1", "the quick brown fox"),
                events.message("u1", "c1", "m2", "jumps over the lazy dog"));

        // no indexer runs: the documents were committed with the messages
        assertThat(count("SELECT count(*) FROM chatlog.message_search")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM chatlog.message_search_queue")).isZero();
        assertThat(count("SELECT count(*) FROM chatlog.message_search WHERE document @@ 'jump'::tsquery"))
                .as("'jumps' stemmed by the english configuration").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM chatlog.message_search WHERE document @@ 'jumps'::tsquery")).isZero();
    }

    @Test
    void anIdleIndexerRunsNoIndexingTransactionsAndItsLookFindsWhatWasQueued() throws Exception {
        PostgresSink sink = new PostgresSink(pool, "chatlog", letters -> { });
        store(sink, events.message("u2", "c9", "m1", "indexed again by hand"));
        SearchIndexer started = startIdle(Duration.ofMillis(100));
        long idle = started.rounds();
        // twenty looks at the empty queue, none of them an indexing transaction
        Thread.sleep(2_000);
        assertThat(started.rounds()).isEqualTo(idle);

        queueEveryMessageAgain();

        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM chatlog.message_search") == 1);
        assertThat(started.rounds()).isGreaterThan(idle);
        assertThat(count("SELECT count(*) FROM chatlog.message_search_queue")).isZero();
    }

    @Test
    void helpersIndexAlongsideWhileABacklogOfSeveralBatchesWaits() throws Exception {
        PostgresSink sink = new PostgresSink(pool, "chatlog", letters -> { });
        int messages = 4 * SearchIndexer.BATCH + 1;
        for (int from = 0; from < messages; from += 1000) {
            List<ChatEvent> batch = new ArrayList<>();
            for (int i = from; i < Math.min(messages, from + 1000); i++) {
                batch.add(events.message("u" + i % 50, "c" + i % 200, "m" + i, "message number " + i));
            }
            store(sink, batch.toArray(ChatEvent[]::new));
        }
        queueEveryMessageAgain();
        SearchIndexer started = SearchIndexer.start(pool, "chatlog", "simple", LONG_IDLE_CHECK, 1);
        indexer.set(started);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("SELECT count(*) FROM chatlog.message_search") == messages);
        assertThat(count("SELECT count(*) FROM chatlog.message_search_queue")).isZero();
        assertThat(started.helperRounds()).as("transactions of the helper").isPositive();
        assertThat(count("SELECT count(*) FROM chatlog.message_search WHERE document @@ 'number & 4242'::tsquery"))
                .isEqualTo(1);
    }
}
