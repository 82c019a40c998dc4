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

/** What the application roles, the finder functions and the tables' owner may see and do. */
@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityIT {

    private static final List<String> USER_TABLES = List.of("conversations", "messages", "tool_calls");
    /** Every table that holds user rows: the three above, the search table and its queue. */
    private static final List<String> TABLES_WITH_USER_ROWS =
            List.of("conversations", "messages", "tool_calls", "message_search", "message_search_queue");
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
            // half of the messages searchable, half still queued
            Queries.string(c, "SELECT index_messages_for_search(5, 'simple')");
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
            assertThat(Queries.strings(c, "SELECT seq FROM find_tool_calls('{\"limit\": 100}')")).isEmpty();
            assertThat(Queries.strings(c, "SELECT seq FROM search_messages('{\"config\": \"simple\", \"q\": \"task\","
                    + " \"limit\": 100}')")).isEmpty();
            Queries.string(c, "SELECT set_config('chatlog.user_id', ?, true)", ALICE);
            for (String table : USER_TABLES) {
                assertThat(Queries.strings(c, "SELECT user_id FROM " + table)).as(table).isNotEmpty().containsOnly(ALICE);
                assertThat(Queries.count(c, "SELECT count(*) FROM " + table + " WHERE user_id = ?", BOB)).as(table).isZero();
            }
            // Alice's tool calls: conv-1 seq 2 and 4, conv-2 seq 2 (Bob's conv-1 has seq 2 and 4 too)
            assertThat(Queries.strings(c, "SELECT conversation_id || '/' || seq FROM find_tool_calls("
                    + "'{\"contains\": {\"a\": {\"title\": \"buy milk\"}}, \"limit\": 100}')"))
                    .containsExactlyInAnyOrder("conv-1/2", "conv-1/4", "conv-2/2");
            assertThat(Queries.strings(c, "SELECT conversation_id || '/' || seq FROM search_messages("
                    + "'{\"config\": \"simple\", \"q\": \"task\", \"limit\": 100}')"))
                    .isSubsetOf("conv-1/1", "conv-1/3", "conv-2/1");
            c.rollback();
            for (String statement : List.of("SELECT count(*) FROM conversations_p00", "SELECT count(*) FROM message_search",
                    "SELECT count(*) FROM message_search_queue", "SELECT index_messages_for_search(10, 'simple')")) {
                assertThatThrownBy(() -> Queries.execute(c, statement)).as(statement)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                c.rollback();
            }
        } finally {
            dropLogin("direct");
        }
    }

    @Test
    void rowLevelSecurityIsForcedOnEveryTableHoldingUserRowsAndItsPartitions() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            String tables = """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = ? AND c.relkind IN ('r', 'p')""";
            String holdingUserRows = tables + " AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid"
                    + " AND a.attname = 'user_id' AND NOT a.attisdropped)";
            List<String> forced = Queries.strings(c, holdingUserRows + " AND c.relrowsecurity AND c.relforcerowsecurity",
                    Migrations.DEFAULT_SCHEMA);
            List<String> unforced = Queries.strings(c, holdingUserRows
                    + " AND NOT (c.relrowsecurity AND c.relforcerowsecurity)", Migrations.DEFAULT_SCHEMA);
            List<String> withoutUserRows = Queries.strings(c, tables + " AND NOT EXISTS (SELECT FROM pg_attribute a"
                    + " WHERE a.attrelid = c.oid AND a.attname = 'user_id')", Migrations.DEFAULT_SCHEMA);

            assertThat(unforced).isEmpty();
            assertThat(forced).containsAll(TABLES_WITH_USER_ROWS).hasSize(TABLES_WITH_USER_ROWS.size() + 4 * 16);
            assertThat(withoutUserRows).containsExactlyInAnyOrder("applied_offsets", "flyway_schema_history");
        }
    }

    @Test
    void theFinderFunctionsRunAsARoleNobodyMayActAsAndOnlyTheReaderMayCall() throws SQLException {
        try (Connection c = Queries.open(dataSource)) {
            for (String function : List.of("find_tool_calls(jsonb)", "search_messages(jsonb)")) {
                assertThat(Queries.string(c, """
                        SELECT pg_get_userbyid(p.proowner) || ' ' || p.prosecdef || ' ' || array_to_string(p.proconfig, ',')
                          FROM pg_proc p WHERE p.oid = ?::regprocedure""", function)).as(function)
                        // find_tool_calls also turns parallel workers off (V8)
                        .startsWith(Migrations.FINDER_ROLE + " true search_path=pg_catalog, " + Migrations.DEFAULT_SCHEMA);
                assertThat(Queries.string(c, "SELECT proacl::text FROM pg_proc WHERE oid = ?::regprocedure", function))
                        .as(function).isEqualTo("{%1$s=X/%1$s,%2$s=X/%1$s}".formatted(Migrations.FINDER_ROLE,
                                Migrations.READER_ROLE));
            }
            assertThat(Queries.string(c, "SELECT rolcanlogin OR rolsuper OR rolbypassrls OR rolcreaterole FROM pg_roles"
                    + " WHERE rolname = ?", Migrations.FINDER_ROLE)).isEqualTo("f");
            // no role inherits its privileges (USAGE) nor may SET ROLE to it (before PostgreSQL 16, every member may)
            assertThat(Queries.strings(c, """
                    SELECT r.rolname FROM pg_roles r
                     WHERE NOT r.rolsuper AND r.rolname <> ?
                       AND (pg_has_role(r.oid, ?, 'USAGE') OR CASE WHEN current_setting('server_version_num')::int >= 160000
                                                                 THEN pg_has_role(r.oid, ?, 'SET')
                                                                 ELSE pg_has_role(r.oid, ?, 'MEMBER') END)""",
                    Migrations.FINDER_ROLE, Migrations.FINDER_ROLE, Migrations.FINDER_ROLE, Migrations.FINDER_ROLE))
                    .isEmpty();
            assertThat(Queries.strings(c, """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND has_table_privilege(?, c.oid, 'SELECT')""",
                    Migrations.DEFAULT_SCHEMA, Migrations.FINDER_ROLE))
                    .containsExactlyInAnyOrder("conversations", "tool_calls", "message_search");
            for (String privilege : List.of("INSERT", "UPDATE", "DELETE", "TRUNCATE")) {
                assertThat(Queries.strings(c, """
                        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND has_table_privilege(?, c.oid, ?)""",
                        Migrations.DEFAULT_SCHEMA, Migrations.FINDER_ROLE, privilege)).as(privilege).isEmpty();
            }
            assertThat(Queries.string(c, "SELECT has_schema_privilege(?, ?, 'CREATE')",
                    Migrations.FINDER_ROLE, Migrations.DEFAULT_SCHEMA)).isEqualTo("f");
        }
    }

    /**
     * The owner, no superuser, migrates a fresh database after the one-time grant migrations/README.md
     * names, then is bound like everyone: it sees and writes no user row, through the tables or their
     * partitions; and the finder functions, run by the reader, still find the user's rows.
     */
    @Test
    void theOwnerIsBoundByRowLevelSecurityToo(TestDatabase fresh) throws SQLException {
        String owner = fresh.name() + "_owner";
        String password = UUID.randomUUID().toString();
        try (Connection c = fresh.dataSource().getConnection()) {
            Queries.execute(c, "CREATE ROLE " + owner + " LOGIN PASSWORD '" + password + "'");
            Queries.execute(c, "GRANT CREATE ON DATABASE " + fresh.name() + " TO " + owner);
            if (Queries.count(c, "SELECT current_setting('server_version_num')::int") >= 160000) {
                Queries.execute(c, "GRANT " + Migrations.FINDER_ROLE + " TO " + owner
                        + " WITH ADMIN TRUE, INHERIT FALSE, SET FALSE");
            } else {
                Queries.execute(c, "ALTER ROLE " + owner + " CREATEROLE");
            }
        }
        String api = fresh.name() + "_api";
        try {
            DataSource ownerSource = login(fresh, owner, password);
            Migrations.apply(ownerSource, Migrations.DEFAULT_SCHEMA);
            try (Connection c = Queries.open(fresh.dataSource())) {
                SampleRows.insertConversation(c, ALICE, "conv-1", 4);
                SampleRows.insertConversation(c, BOB, "conv-1", 4);
                Queries.string(c, "SELECT index_messages_for_search(3, 'simple')");
                Queries.execute(c, "CREATE ROLE " + api + " LOGIN PASSWORD '" + password + "'");
                Queries.execute(c, "GRANT " + Migrations.READER_ROLE + " TO " + api);
            }
            try (Connection c = Queries.open(ownerSource)) {
                assertThat(Queries.string(c, "SELECT tableowner FROM pg_tables WHERE tablename = 'conversations'"))
                        .isEqualTo(owner);
                assertThat(Queries.string(c, "SELECT pg_has_role(current_user, ?, 'USAGE')", Migrations.FINDER_ROLE))
                        .isEqualTo("f");
                for (String table : TABLES_WITH_USER_ROWS) {
                    assertThat(Queries.count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
                }
                assertThat(Queries.count(c, """
                        SELECT (SELECT count(*) FROM conversations_p00) + (SELECT count(*) FROM conversations_p01)
                             + (SELECT count(*) FROM messages_p05) + (SELECT count(*) FROM tool_calls_p15)""")).isZero();
                assertThatThrownBy(() -> SampleRows.insertConversation(c, BOB, "conv-2", 1))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                assertThatThrownBy(() -> Queries.execute(c, "SELECT * FROM find_tool_calls('{\"limit\": 1}')"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
            try (Connection c = Queries.open(fresh.dataSource())) {
                assertThat(Queries.count(c, "SELECT count(*) FROM message_search")).isEqualTo(3);
                assertThat(Queries.count(c, "SELECT count(*) FROM message_search_queue")).isEqualTo(1);
            }
            try (Connection c = Queries.open(login(fresh, api, password))) {
                Queries.beginAs(c, Migrations.READER_ROLE, BOB);
                assertThat(Queries.strings(c, "SELECT conversation_id || '/' || seq FROM find_tool_calls("
                        + "'{\"contains\": {\"o\": {\"id\": 1}}, \"limit\": 100}')"))
                        .containsExactlyInAnyOrder("conv-1/2", "conv-1/4");
                assertThat(Queries.strings(c, "SELECT conversation_id || '/' || seq FROM search_messages("
                        + "'{\"config\": \"simple\", \"q\": \"task\", \"limit\": 100}')"))
                        .isNotEmpty().isSubsetOf("conv-1/1", "conv-1/3");
                c.rollback();
            }
        } finally {
            try (Connection c = fresh.dataSource().getConnection()) {
                Queries.execute(c, "DROP OWNED BY " + owner + " CASCADE");
                Queries.execute(c, "DROP ROLE IF EXISTS " + api);
                Queries.execute(c, "DROP ROLE " + owner);
            }
        }
    }

    @Test
    void anOwnerThatMayNotHandTheFunctionsToTheFinderRoleFailsTheMigrationNamingTheGrant(TestDatabase fresh)
            throws SQLException {
        String owner = fresh.name() + "_plain";
        String password = UUID.randomUUID().toString();
        try (Connection c = fresh.dataSource().getConnection()) {
            Queries.execute(c, "CREATE ROLE " + owner + " LOGIN PASSWORD '" + password + "'");
            Queries.execute(c, "GRANT CREATE ON DATABASE " + fresh.name() + " TO " + owner);
        }
        try {
            DataSource ownerSource = login(fresh, owner, password);
            assertThatThrownBy(() -> Migrations.apply(ownerSource, Migrations.DEFAULT_SCHEMA))
                    .hasStackTraceContaining("may not make " + Migrations.FINDER_ROLE + " the owner of the finder functions")
                    .hasStackTraceContaining("GRANT " + Migrations.FINDER_ROLE + " TO " + owner);
            try (Connection c = Queries.open(fresh.dataSource())) {
                assertThat(Queries.string(c, "SELECT pg_get_userbyid(proowner) FROM pg_proc"
                        + " WHERE oid = 'find_tool_calls(jsonb)'::regprocedure")).isEqualTo(owner);
                assertThat(Queries.string(c, "SELECT relforcerowsecurity FROM pg_class WHERE oid = 'messages'::regclass"))
                        .as("the failed migration changed nothing").isEqualTo("f");
            }
        } finally {
            try (Connection c = fresh.dataSource().getConnection()) {
                Queries.execute(c, "DROP OWNED BY " + owner + " CASCADE");
                Queries.execute(c, "DROP ROLE " + owner);
            }
        }
    }

    private static DataSource login(TestDatabase database, String user, String password) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(database.jdbcUrl());
        source.setUser(user);
        source.setPassword(password);
        return source;
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
