package dev.chatlog.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Row-level security holds even for a wrong query: statements without any user predicate, run
 * through the same transaction set-up as every API query, see only the token user's rows.
 */
@ExtendWith(ChatlogServersExtension.class)
class ReaderTransactionsIT {

    static final ResultSetExtractor<List<String>> FIRST_COLUMN = rs -> {
        List<String> values = new ArrayList<>();
        while (rs.next()) {
            values.add(rs.getString(1));
        }
        return values;
    };

    static SingleConnectionDataSource connection;
    static ReaderTransactions transactions;

    @BeforeAll
    static void setUp(TestDatabase database) throws SQLException {
        Migrations.apply(database.dataSource(), "chatlog");
        JdbcTemplate superuser = new JdbcTemplate(database.dataSource());
        for (String user : List.of("alice", "bob")) {
            superuser.update("INSERT INTO chatlog.conversations (user_id, conversation_id, created_at, last_activity_at)"
                    + " VALUES (?, 'c1', now(), now()), (?, 'c2', now(), now())", user, user);
            superuser.update("INSERT INTO chatlog.messages (user_id, conversation_id, seq, message_id, role, content,"
                    + " created_at) VALUES (?, 'c1', 1, 'm1', 'user', ?, now())", user, user + " says hi");
        }
        // one connection for every statement, so the tests also see what a transaction leaves behind
        Connection single = database.dataSource().getConnection();
        connection = new SingleConnectionDataSource(single, true);
        transactions = new ReaderTransactions(connection, "chatlog_reader", ActiveSchema.fixed("chatlog"));
    }

    @AfterAll
    static void tearDown() {
        connection.destroy();
    }

    @Test
    void aQueryWithoutAUserPredicateSeesOnlyTheUserOfTheTransaction() {
        List<String> owners = transactions.query("alice",
                ReaderTransactions.prepare("SELECT user_id FROM conversations"), FIRST_COLUMN, List.of());
        assertThat(owners).containsExactlyInAnyOrder("alice", "alice");
        List<String> contents = transactions.query("bob",
                ReaderTransactions.prepare("SELECT content FROM messages UNION ALL SELECT name FROM tool_calls"),
                FIRST_COLUMN, List.of());
        assertThat(contents).containsExactly("bob says hi");
    }

    @Test
    void aQueryAskingForAnotherUserExplicitlyGetsNothing() {
        List<String> rows = transactions.query("alice",
                ReaderTransactions.prepare("SELECT content FROM messages WHERE user_id = ?"), FIRST_COLUMN,
                List.of("bob"));
        assertThat(rows).isEmpty();
    }

    @Test
    void noUserSeesNoRows() {
        List<String> rows = transactions.query("",
                ReaderTransactions.prepare("SELECT user_id FROM conversations"), FIRST_COLUMN, List.of());
        assertThat(rows).isEmpty();
    }

    @Test
    void runsAsTheReaderRoleInTheActiveSchema() {
        List<String> who = transactions.query("alice", ReaderTransactions.prepare(
                "SELECT current_user || ' ' || current_schema() || ' ' || current_setting('chatlog.user_id')"),
                FIRST_COLUMN, List.of());
        assertThat(who).containsExactly("chatlog_reader chatlog alice");
    }

    @Test
    void theReaderRoleCannotWrite() {
        assertThatThrownBy(() -> transactions.query("alice", ReaderTransactions.prepare(
                "WITH gone AS (DELETE FROM messages RETURNING user_id) SELECT user_id FROM gone"), FIRST_COLUMN,
                List.of()))
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("permission denied for table messages");
        assertThat(new JdbcTemplate(connection).queryForObject("SELECT count(*) FROM chatlog.messages", Integer.class))
                .isEqualTo(2);
    }

    @Test
    void leavesNoRoleUserOrSearchPathBehindOnThePooledConnection() {
        transactions.query("alice", ReaderTransactions.prepare("SELECT user_id FROM conversations"), FIRST_COLUMN,
                List.of());
        String after = new JdbcTemplate(connection).queryForObject(
                "SELECT current_user || '|' || coalesce(current_setting('chatlog.user_id', true), '')"
                        + " || '|' || current_setting('search_path')", String.class);
        assertThat(after).isEqualTo("postgres||\"$user\", public");
    }
}
