package dev.chatlog.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The search indexer's claim ({@code index_messages_for_search}) reads only the batch it takes from
 * the queue, however long the queue has grown since the connection's plan of it was made.
 *
 * <p>The function's plan is made while the queue is small, as it is whenever search keeps up, and
 * kept: without migration V10 that plan deleted the claimed rows with a sequential scan of the
 * whole queue, comparing each row with the batch's every tuple id, so a claim from a queue of
 * 200,000 took seconds. The test counts the queue's rows that sequential scans returned in the
 * claim's transaction ({@code pg_stat_xact_user_tables}), which does not depend on timing.
 */
@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchClaimPlanIT {

    private static final int BATCH = 500;
    private static final int QUEUED = 20_000;

    private DataSource dataSource;

    @BeforeAll
    void migrate(TestDatabase database) {
        dataSource = database.dataSource();
        Migrations.apply(dataSource, Migrations.DEFAULT_SCHEMA);
    }

    @Test
    void aClaimFromALongQueueReadsOnlyItsBatchWithThePlanMadeWhenTheQueueWasShort() throws SQLException {
        try (Connection owner = Queries.open(dataSource); Connection indexer = Queries.open(dataSource)) {
            // No automatic ANALYZE in between: the queue's statistics stay those of a short queue.
            Queries.execute(owner, "ALTER TABLE message_search_queue SET (autovacuum_enabled = off)");
            Queries.insertMessages(owner, "short", 60);
            Queries.execute(owner, "VACUUM ANALYZE message_search_queue");
            for (int claim = 0; claim < 10; claim++) {
                assertThat(claim(indexer, 5)).as("claim %d from the short queue", claim).isEqualTo(5);
            }

            Queries.insertMessages(owner, "long", QUEUED);
            Queries.beginAs(indexer, Migrations.WRITER_ROLE, null);
            long taken = Queries.count(indexer, "SELECT index_messages_for_search(?, 'simple')", BATCH);
            long readBySequentialScans = Queries.count(indexer, """
                    SELECT seq_tup_read FROM pg_stat_xact_user_tables WHERE relid = 'message_search_queue'::regclass""");
            indexer.commit();

            assertThat(taken).isEqualTo(BATCH);
            assertThat(readBySequentialScans).as("queue rows read to take %d of %d", BATCH, QUEUED + 10)
                    .isBetween((long) BATCH, 2L * BATCH);
            assertThat(Queries.count(owner, "SELECT count(*) FROM message_search")).isEqualTo(50 + BATCH);
            assertThat(Queries.count(owner, "SELECT count(*) FROM message_search_queue")).isEqualTo(QUEUED + 10 - BATCH);
        }
    }

    /** Takes up to {@code batch} queued messages as the worker's indexer does, in a transaction of its own. */
    private static long claim(Connection indexer, int batch) throws SQLException {
        Queries.beginAs(indexer, Migrations.WRITER_ROLE, null);
        long taken = Queries.count(indexer, "SELECT index_messages_for_search(?, 'simple')", batch);
        indexer.commit();
        return taken;
    }
}
