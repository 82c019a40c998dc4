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
 * Erasing a user's messages removes their search documents by key ({@code unindex_deleted_messages},
 * the trigger of V5), however many documents other users have gained since the connection's plan of
 * it was made.
 *
 * <p>The worker's transactions use generic plans without hash or merge joins (control migration V4),
 * so the trigger's delete is planned once per connection, at its first erasure, and kept while the
 * search table's statistics stay the same. The test makes that plan while the table holds a few
 * documents, grows it, and counts the search table's rows that sequential scans returned in the next
 * erasure's transaction ({@code pg_stat_xact_user_tables}), which does not depend on timing.
 */
@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasurePlanIT {

    private static final int INDEXED = 20_000;
    private static final int USERS = 400;

    private DataSource dataSource;

    @BeforeAll
    void migrate(TestDatabase database) {
        dataSource = database.dataSource();
        Migrations.apply(dataSource, Migrations.DEFAULT_SCHEMA);
    }

    @Test
    void anErasureAfterTheSearchTableGrewReadsOnlyTheErasedUsersDocuments() throws SQLException {
        try (Connection owner = Queries.open(dataSource); Connection writer = Queries.open(dataSource)) {
            // No automatic ANALYZE in between: the search table's statistics stay those of a small table.
            for (String table : Queries.strings(owner, """
                    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                     WHERE i.inhparent = 'message_search'::regclass""")) {
                Queries.execute(owner, "ALTER TABLE " + table + " SET (autovacuum_enabled = off)");
            }
            for (int user = 0; user < 8; user++) {
                Queries.insertMessages(owner, "early-" + user, 5);
            }
            indexEverything(owner);
            Queries.execute(owner, "ANALYZE message_search");
            for (int user = 0; user < 6; user++) {
                assertThat(erase(writer, "early-" + user)).as("documents of early-%d", user).isZero();
            }

            // spread over every partition, so that the erased user's partition grows too
            for (int user = 0; user < USERS; user++) {
                Queries.insertMessages(owner, "late-" + user, INDEXED / USERS);
            }
            Queries.insertMessages(owner, "erased", 5);
            indexEverything(owner);
            beginAsTheWorker(writer);
            Queries.update(writer, "DELETE FROM messages WHERE user_id = ANY(?::text[])",
                    writer.createArrayOf("text", new Object[] {"erased"}));
            long readBySequentialScans = Queries.count(writer, """
                    SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_xact_user_tables
                     WHERE relid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'message_search'::regclass)""");
            writer.commit();

            assertThat(Queries.count(owner, "SELECT count(*) FROM message_search WHERE user_id = 'erased'")).isZero();
            assertThat(Queries.count(owner, "SELECT count(*) FROM message_search")).isEqualTo(INDEXED + 10);
            assertThat(readBySequentialScans).as("search documents read to remove 5 of %d", INDEXED + 15)
                    .isLessThanOrEqualTo(100);
        }
    }

    /** As a batch of the worker: its role, no hash or merge joins, generic plans (control V4's begin_batch). */
    private static void beginAsTheWorker(Connection writer) throws SQLException {
        Queries.beginAs(writer, Migrations.WRITER_ROLE, null);
        Queries.execute(writer, "SET LOCAL enable_hashjoin = off");
        Queries.execute(writer, "SET LOCAL enable_mergejoin = off");
        Queries.execute(writer, "SET LOCAL plan_cache_mode = force_generic_plan");
    }

    /** Erases {@code userId}'s messages as the worker does; returns how many search documents they still have. */
    private static long erase(Connection writer, String userId) throws SQLException {
        beginAsTheWorker(writer);
        Queries.update(writer, "DELETE FROM messages WHERE user_id = ANY(?::text[])",
                writer.createArrayOf("text", new Object[] {userId}));
        writer.commit();
        return Queries.count(writer, "SELECT count(*) FROM message_search WHERE user_id = ?", userId);
    }

    private static void indexEverything(Connection owner) throws SQLException {
        while (Queries.count(owner, "SELECT index_messages_for_search(5000, 'simple')") > 0) {
            // each call moves up to 5,000 queued messages into message_search
        }
    }
}
