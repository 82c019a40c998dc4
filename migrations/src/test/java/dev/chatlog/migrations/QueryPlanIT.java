package dev.chatlog.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The plans of the queries chatlog runs: each stays in one partition per table and is served by an index. */
@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlanIT {

    private DataSource dataSource;

    @BeforeAll
    void migrateAndInsertConversationsOfSeveralUsers(TestDatabase database) throws SQLException {
        dataSource = database.dataSource();
        Migrations.apply(dataSource, Migrations.DEFAULT_SCHEMA);
        try (Connection c = Queries.open(dataSource)) {
            for (int user = 0; user < 20; user++) {
                for (int conversation = 1; conversation <= 3; conversation++) {
                    SampleRows.insertConversation(c, "user-%02d".formatted(user), "conv-" + conversation, 6);
                }
            }
            Queries.execute(c, "ANALYZE");
        }
    }

    @ParameterizedTest
    @EnumSource(QueryShape.class)
    void queryOfOneUserScansOnlyThePartitionHoldingThatUser(QueryShape shape) throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Set<String> scanned = Queries.planValues(c, Queries.explain(c, shape.sql), "Relation Name");

            assertThat(scanned).containsExactlyInAnyOrderElementsOf(partitionsOfUser(c, shape));
        }
    }

    @ParameterizedTest
    @EnumSource(QueryShape.class)
    void queryOfTheReaderRoleScansOnlyThePartitionHoldingItsUser(QueryShape shape) throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            List<String> expected = partitionsOfUser(c, shape);
            Queries.beginAs(c, Migrations.READER_ROLE, QueryShape.USER);

            Set<String> scanned = Queries.planValues(c, Queries.explain(c, shape.sql), "Relation Name");

            assertThat(scanned).containsExactlyInAnyOrderElementsOf(expected);
            c.rollback();
        }
    }

    @ParameterizedTest
    @EnumSource(QueryShape.class)
    void indexServesEveryConditionAndTheOrderOfTheQuery(QueryShape shape) throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            c.setAutoCommit(false);
            // Left to costs, tiny tables are read whole; forbidding that shows what the indexes can do.
            Queries.execute(c, "SET LOCAL enable_seqscan = off");
            Queries.execute(c, "SET LOCAL enable_bitmapscan = off");
            Queries.execute(c, "SET LOCAL enable_sort = off");
            String plan = Queries.explain(c, shape.sql);

            if (shape.sortsWithinAnHour) {
                assertThat(Queries.planValues(c, plan, "Node Type")).doesNotContain("Seq Scan", "Sort");
                assertThat(Queries.planValues(c, plan, "Presorted Key")).singleElement().asString().contains("activity_hour");
                assertThat(Queries.planValues(c, plan, "Index Cond")).singleElement().asString()
                        .contains("user_id = 'user-07'");
                assertThat(Queries.planValues(c, plan, "Filter")).allSatisfy(f -> assertThat(f)
                        .matches("\\(\\(deleted_at IS NULL\\)( AND \\(ROW\\(last_activity_at, conversation_id\\) [<>] .*\\))?\\)"
                                + "|\\(deleted_at IS NULL\\)"));
            } else {
                assertThat(Queries.planValues(c, plan, "Node Type")).doesNotContain("Seq Scan", "Sort", "Incremental Sort");
                assertThat(Queries.planValues(c, plan, "Filter")).isSubsetOf("(deleted_at IS NULL)");
            }
            c.rollback();
        }
    }

    /** The partition of each table of {@code shape} that holds the rows of its user. */
    private static List<String> partitionsOfUser(Connection c, QueryShape shape) throws SQLException {
        List<String> partitions = new ArrayList<>();
        for (String table : shape.tables) {
            partitions.add(Queries.string(c, "SELECT DISTINCT p.relname FROM " + table
                    + " t JOIN pg_class p ON p.oid = t.tableoid WHERE t.user_id = ?", QueryShape.USER));
        }
        return partitions;
    }
}
