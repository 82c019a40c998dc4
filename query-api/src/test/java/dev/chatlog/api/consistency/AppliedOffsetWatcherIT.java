package dev.chatlog.api.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.api.db.ActiveSchema;
import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.worker.sink.PostgresSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A read-your-writes wait ends when the worker's commit notifies, not at the next poll: the poller's
 * pause while listening is made a minute long here, so only the notification can end the wait in time.
 */
@ExtendWith(ChatlogServersExtension.class)
class AppliedOffsetWatcherIT {

    private static final String TOPIC = "chat.events";
    private static final long MINUTE_MS = 60_000;

    private DataSource database;
    private AppliedOffsetWatcher watcher;

    @BeforeEach
    void setUp(TestDatabase db) throws SQLException {
        database = db.dataSource();
        Migrations.apply(database, "chatlog");
        store(0, 5, false);
        ReaderTransactions transactions = new ReaderTransactions(database, "chatlog_reader", ActiveSchema.fixed("chatlog"));
        watcher = new AppliedOffsetWatcher(transactions, database, TOPIC, MINUTE_MS);
        await().atMost(Duration.ofSeconds(10)).until(watcher::isListening);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        watcher.close();
    }

    @Test
    void theWorkersChannelIsTheOneListenedTo() {
        assertThat(AppliedOffsetWatcher.CHANNEL).isEqualTo(PostgresSink.APPLIED_CHANNEL);
    }

    @Test
    void aCommitThatNotifiesEndsTheWaitWithoutWaitingForTheNextPoll() throws Exception {
        CompletableFuture<Boolean> applied = waitFor(0, 10);
        // the poller has read once (not applied) and now rests for a minute unless notified
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !applied.isDone());

        store(0, 11, true);

        assertThat(applied.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCommitThatDoesNotNotifyIsSeenOnlyAtTheNextPoll() throws Exception {
        CompletableFuture<Boolean> applied = waitFor(0, 10);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !applied.isDone());

        store(0, 11, false);

        // what the test above shows is the notification's doing, not a poll's
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !applied.isDone());
        store(1, 1, true); // any batch's notification makes the poller read every partition
        assertThat(applied.get(10, TimeUnit.SECONDS)).isTrue();
    }

    private CompletableFuture<Boolean> waitFor(int partition, long offset) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return watcher.awaitApplied(partition, offset, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** Stores a partition's next offset as a batch of the worker does, notifying in the same transaction or not. */
    private void store(int partition, long nextOffset, boolean notify) throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO chatlog.applied_offsets"
                    + " (topic, partition, next_offset, updated_at) VALUES (?, ?, ?, now())"
                    + " ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset")) {
                s.setString(1, TOPIC);
                s.setInt(2, partition);
                s.setLong(3, nextOffset);
                s.executeUpdate();
            }
            if (notify) {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    s.setString(1, PostgresSink.APPLIED_CHANNEL);
                    s.setString(2, TOPIC);
                    s.execute();
                }
            }
            c.commit();
        }
    }
}
