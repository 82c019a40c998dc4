package dev.chatlog.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/** What the two application roles may see and do. */
@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityIT {

    private static final List<String> USER_TABLES = List.of("conversations", "messages", "tool_calls");
    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    private TestDatabase database;
    private DataSource dataSource;

    @BeforeAll
    void migrateAndInsertRowsOfTwoUsers(TestDatabase database) throws SQLException {
        this.database = database;
        dataSource = database.dataSource();
        Migrations.apply(dataSource, Migrations.DEFAULT_SCHEMA);
        try (Connection c = Queries.open(dataSource)) {
            SampleRows.insertConversation(c, ALICE, "conv-1", 4);
            SampleRows.insertConversation(c, ALICE, "conv-2", 2);
            SampleRows.insertConversation(c, BOB, "conv-1", 4);
            // Rows under an empty user id, which producers cannot send, prove that '' matches nothing.
            SampleRows.insertConversation(c, "", "conv-1", 2);
            Queries.update(c, "INSERT INTO applied_offsets VALUES ('chat.events', 0, 42, now())");
        }
    }

    @Test
    void readerSeesOnlyTheRowsOfTheUserSetForItsTransaction() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, ALICE);

            for (String table : USER_TABLES) {
                assertThat(Queries.strings(c, "SELECT user_id FROM " + table)).as(table).isNotEmpty().containsOnly(ALICE);
            }
            assertThat(Queries.count(c, "SELECT count(*) FROM conversations WHERE user_id = ?", BOB)).isZero();
            c.rollback();
        }
    }

    @Test
    void readerSeesNoRowsWhenNoUserIsSet() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, null);

            for (String table : USER_TABLES) {
                assertThat(Queries.count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
            }
            c.rollback();
        }
    }

    @Test
    void readerSeesNoRowsWhenTheUserIsEmpty() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, "");

            for (String table : USER_TABLES) {
                assertThat(Queries.count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
            }
            c.rollback();
        }
    }

    @Test
    void readerSeesNoRowsInTheNextTransactionOfTheSameConnection() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, BOB);
            assertThat(Queries.count(c, "SELECT count(*) FROM messages")).isEqualTo(2);
            c.commit();

            Queries.beginAs(c, Migrations.READER_ROLE, null);

            assertThat(Queries.string(c, "SELECT current_setting(?, true)", Migrations.USER_SETTING)).isEmpty();
            for (String table : USER_TABLES) {
                assertThat(Queries.count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
            }
            c.rollback();
        }
    }

    @Test
    void readerReadsTheStoredOffsetsWithoutAUser() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, null);

            assertThat(Queries.count(c, "SELECT next_offset FROM applied_offsets WHERE topic = 'chat.events'"))
                    .isEqualTo(42);
            c.rollback();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO conversations (user_id, conversation_id, created_at, last_activity_at) VALUES ('alice', 'c9', now(), now())",
        "UPDATE conversations SET title = 'renamed'",
        "DELETE FROM conversations",
        "INSERT INTO messages VALUES ('alice', 'conv-1', 99, 'm99', 'user', 'hi', now())",
        "UPDATE messages SET content = 'changed'",
        "DELETE FROM messages",
        "INSERT INTO tool_calls (user_id, conversation_id, seq, tool_call_id, name, arguments, status, requested_at)"
            + " VALUES ('alice', 'conv-1', 99, 'call_99', 'add_task', '{}', 'pending', now())",
        "UPDATE tool_calls SET status = 'error'",
        "DELETE FROM tool_calls",
        "INSERT INTO applied_offsets VALUES ('chat.events', 1, 0, now())",
        "UPDATE applied_offsets SET next_offset = 0",
        "DELETE FROM applied_offsets",
        "SELECT count(*) FROM conversations_p00",
        "SELECT count(*) FROM messages_p00",
        "SELECT count(*) FROM tool_calls_p00"
    })
    void readerIsDeniedEverythingButReadingTheTables(String statement) throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.READER_ROLE, ALICE);

            assertThatThrownBy(() -> Queries.execute(c, statement))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            c.rollback();
        }
    }

    @Test
    void writerWritesAndReadsTheRowsOfEveryUser() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            Queries.beginAs(c, Migrations.WRITER_ROLE, null);

            SampleRows.insertConversation(c, "carol", "conv-1", 2);
            SampleRows.insertConversation(c, "dave", "conv-1", 2);
            int renamed = Queries.update(c, "UPDATE conversations SET title = 'renamed' WHERE user_id IN ('carol', 'dave')");
            int erased = Queries.update(c, "DELETE FROM messages WHERE user_id = 'dave'");
            int offsets = Queries.update(c, "UPDATE applied_offsets SET next_offset = 43 WHERE topic = 'chat.events'");

            assertThat(renamed).isEqualTo(2);
            assertThat(erased).isEqualTo(1);
            assertThat(offsets).isEqualTo(1);
            assertThat(Queries.strings(c, "SELECT DISTINCT user_id FROM tool_calls"))
                    .containsExactlyInAnyOrder(ALICE, BOB, "", "carol", "dave");
            c.rollback();
        }
    }

    @Test
    void loginMemberOfTheReaderRoleReadsOneUserAndValidatesTheSchema() throws SQLException {
        DataSource api = newLoginMemberOf(Migrations.READER_ROLE, "api");
        try {
            assertThatCode(() -> Migrations.validate(api, Migrations.DEFAULT_SCHEMA)).doesNotThrowAnyException();
            try (Connection c = Queries.open(api)) {
                Queries.beginAs(c, Migrations.READER_ROLE, BOB);

                assertThat(Queries.strings(c, "SELECT DISTINCT user_id FROM conversations")).containsExactly(BOB);
                c.rollback();
            }
        } finally {
            dropLogin("api");
        }
    }

    @Test
    void loginMemberOfTheWriterRoleWritesAndValidatesTheSchema() throws SQLException {
        DataSource worker = newLoginMemberOf(Migrations.WRITER_ROLE, "worker");
        try {
            assertThatCode(() -> Migrations.validate(worker, Migrations.DEFAULT_SCHEMA)).doesNotThrowAnyException();
            try (Connection c = Queries.open(worker)) {
                Queries.beginAs(c, Migrations.WRITER_ROLE, null);

                assertThat(Queries.update(c, "UPDATE conversations SET title = 'renamed' WHERE user_id = ?", ALICE))
                        .isEqualTo(2);
                c.rollback();
            }
        } finally {
            dropLogin("worker");
        }
    }

    @Test
    void theApisLoginReadsNoOtherUsersRowsEvenWithoutTheRoleSwitch() throws SQLException {
        DataSource api = newLoginMemberOf(Migrations.READER_ROLE, "direct");
        try (Connection c = Queries.open(api)) {
            c.setAutoCommit(false);
            // no SET ROLE, no user: what a request that lost its scope statement would see
            for (String table : USER_TABLES) {
                assertThat(Queries.count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
            }
            Queries.string(c, "SELECT set_config('chatlog.user_id', ?, true)", ALICE);
            for (String table : USER_TABLES) {
                assertThat(Queries.strings(c, "SELECT user_id FROM " + table)).as(table).isNotEmpty().containsOnly(ALICE);
                assertThat(Queries.count(c, "SELECT count(*) FROM " + table + " WHERE user_id = ?", BOB)).as(table).isZero();
            }
            c.rollback();
            assertThatThrownBy(() -> Queries.execute(c, "SELECT count(*) FROM conversations_p00"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            c.rollback();
        } finally {
            dropLogin("direct");
        }
    }

    /** A login user made a member of {@code role} as migrations/README.md describes. */
    private DataSource newLoginMemberOf(String role, String suffix) throws SQLException {
        String login = database.name() + "_" + suffix;
        String password = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection()) {
            Queries.execute(c, "CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "'");
            Queries.execute(c, "GRANT " + role + " TO " + login);
        }
        PGSimpleDataSource loginSource = new PGSimpleDataSource();
        loginSource.setUrl(database.jdbcUrl());
        loginSource.setUser(login);
        loginSource.setPassword(password);
        return loginSource;
    }

    private void dropLogin(String suffix) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Queries.execute(c, "DROP ROLE " + database.name() + "_" + suffix);
        }
    }
}
