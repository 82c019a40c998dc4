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
 * ANALYZE gathers no statistics of messages.content (migration V12), on the partitioned table or on
 * any of its partitions, and still gathers those of the other columns.
 */
@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageContentStatisticsIT {

    /** Statistics rows of one column of messages and of its partitions (pg_statistic: the superuser reads it). */
    private static final String STATISTICS_OF = """
            SELECT count(*)
            FROM pg_statistic s
            JOIN pg_class r ON r.oid = s.starelid
            JOIN pg_namespace n ON n.oid = r.relnamespace
            JOIN pg_attribute a ON a.attrelid = s.starelid AND a.attnum = s.staattnum
            WHERE n.nspname = ? AND (r.relname = 'messages' OR r.relname LIKE 'messages\\_p__') AND a.attname = ?""";

    private DataSource dataSource;

    @BeforeAll
    void migrateInsertAndAnalyze(TestDatabase database) throws SQLException {
        dataSource = database.dataSource();
        Migrations.apply(dataSource, Migrations.DEFAULT_SCHEMA);
        try (Connection c = Queries.open(dataSource)) {
            for (int user = 0; user < 200; user++) {
                SampleRows.insertConversation(c, "user-%03d".formatted(user), "conv-%03d".formatted(user), 4);
            }
            Queries.execute(c, "ANALYZE messages");
        }
    }

    @Test
    void analyzeKeepsNoStatisticsOfTheContentOfMessages() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            assertThat(Queries.count(c, STATISTICS_OF, Migrations.DEFAULT_SCHEMA, "content")).isZero();
        }
    }

    @Test
    void analyzeStillKeepsTheStatisticsOfTheKeysOfMessagesAndOfEachPartition() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            // the partitioned table itself and each of the 16 partitions (200 users fill all of them)
            assertThat(Queries.count(c, STATISTICS_OF, Migrations.DEFAULT_SCHEMA, "user_id")).isEqualTo(17);
            assertThat(Queries.count(c, STATISTICS_OF, Migrations.DEFAULT_SCHEMA, "role")).isEqualTo(17);
        }
    }
}
