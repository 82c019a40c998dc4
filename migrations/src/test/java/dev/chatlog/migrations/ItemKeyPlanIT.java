package dev.chatlog.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An item found by its key, as the search indexer and the search find a message from its queued key
 * or its hit, reads that one row through the primary key, whatever the statistics say.
 *
 * <p>With conversation ids unique across users, as real ones are, PostgreSQL estimates one row for
 * a user's conversation, so an index on (user_id, conversation_id, message_id) looked as cheap as
 * the primary key for a lookup by seq; it then read every item of the conversation and filtered on
 * seq. Migration V9 puts the natural keys' id second, where such a lookup cannot use it.
 */
@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ItemKeyPlanIT {

    private DataSource dataSource;

    @BeforeAll
    void migrateAndInsertConversationsWithIdsOfTheirOwn(TestDatabase database) throws SQLException {
        dataSource = database.dataSource();
        Migrations.apply(dataSource, Migrations.DEFAULT_SCHEMA);
        try (Connection c = Queries.open(dataSource)) {
            for (int user = 0; user < 100; user++) {
                for (int conversation = 0; conversation < 4; conversation++) {
                    SampleRows.insertConversation(c, "user-%03d".formatted(user),
                            "conv-%03d-%d".formatted(user, conversation), 24);
                }
            }
            Queries.execute(c, "ANALYZE");
        }
    }

    @ParameterizedTest
    @CsvSource({"messages, 7", "tool_calls, 8"})
    void aLookupBySeqReadsOneRowThroughThePrimaryKey(String table, long seq) throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            String plan = Queries.explain(c, "SELECT * FROM " + table
                    + " WHERE user_id = 'user-042' AND conversation_id = 'conv-042-3' AND seq = " + seq);

            assertThat(Queries.planValues(c, plan, "Index Name")).singleElement().asString().endsWith("_pkey");
            assertThat(Queries.planValues(c, plan, "Index Cond")).singleElement().asString().contains("(seq = " + seq + ")");
            assertThat(Queries.planValues(c, plan, "Filter")).isEmpty();
        }
    }
}
