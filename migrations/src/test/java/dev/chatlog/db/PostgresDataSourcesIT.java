package dev.chatlog.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pools every component builds keep their role and settings for the life of each connection. */
@ExtendWith(ChatlogServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresDataSourcesIT {

    private static final String PASSWORD = "login-password";

    private TestDatabase database;
    private final String writerLogin = "writer_" + UUID.randomUUID().toString().replace("-", "");
    private final String outsider = "outsider_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    void createLogins(TestDatabase database) throws SQLException {
        this.database = database;
        Migrations.apply(database.dataSource(), Migrations.DEFAULT_SCHEMA);
        execute("CREATE ROLE " + writerLogin + " LOGIN PASSWORD '" + PASSWORD + "' IN ROLE " + Migrations.WRITER_ROLE);
        execute("CREATE ROLE " + outsider + " LOGIN PASSWORD '" + PASSWORD + "'");
    }

    @AfterAll
    void dropLogins() throws SQLException {
        execute("DROP ROLE IF EXISTS " + writerLogin);
        execute("DROP ROLE IF EXISTS " + outsider);
    }

    @Test
    void theRoleOutlivesARolledBackFirstTransaction() throws SQLException {
        try (HikariDataSource pool = PostgresDataSources.pool("role-test", login(writerLogin))
                .size(1).autoCommit(false).role(Migrations.WRITER_ROLE).build()) {
            try (Connection c = pool.getConnection()) {
                assertThat(currentUser(c)).isEqualTo(Migrations.WRITER_ROLE);
                c.rollback();
            }
            try (Connection c = pool.getConnection()) {
                assertThat(currentUser(c)).as("the same connection after its first transaction rolled back")
                        .isEqualTo(Migrations.WRITER_ROLE);
                c.rollback();
            }
        }
    }

    @Test
    void aRoleSetBySqlAfterConnectingIsLostByThatRollback() throws SQLException {
        // The way the pools were built before: what the test above guards against.
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(PostgresDataSources.direct(login(writerLogin)));
        hikari.setMaximumPoolSize(1);
        hikari.setAutoCommit(false);
        hikari.setConnectionInitSql("SET ROLE " + Migrations.WRITER_ROLE);
        try (HikariDataSource pool = new HikariDataSource(hikari)) {
            try (Connection c = pool.getConnection()) {
                c.rollback();
            }
            try (Connection c = pool.getConnection()) {
                assertThat(currentUser(c)).isEqualTo(writerLogin);
                c.rollback();
            }
        }
    }

    @Test
    void aLoginThatMayNotTakeTheRoleCannotConnect() {
        assertThatThrownBy(() -> PostgresDataSources.pool("outsider-test", login(outsider))
                .size(1).role(Migrations.WRITER_ROLE).build().close())
                .hasStackTraceContaining("permission denied to set role");
    }

    @Test
    void serverSettingsHoldOnEveryConnection() throws SQLException {
        try (HikariDataSource pool = PostgresDataSources.pool("settings-test", login(writerLogin))
                .size(1).serverSetting("statement_timeout", "1234").applicationName("settings-test").build();
             Connection c = pool.getConnection()) {
            assertThat(text(c, "SHOW statement_timeout")).isEqualTo("1234ms");
            assertThat(text(c, "SHOW application_name")).isEqualTo("settings-test");
            assertThat(currentUser(c)).as("no role asked for: the login user").isEqualTo(writerLogin);
        }
    }

    @Test
    void refusesServerSettingsThatCouldCarryMoreOptions() {
        assertThatThrownBy(() -> PostgresDataSources.pool("bad", login(writerLogin)).role("x -c role=postgres"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private DatabaseLogin login(String user) {
        return new DatabaseLogin(database.jdbcUrl(), user, PASSWORD);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String currentUser(Connection c) throws SQLException {
        return text(c, "SELECT current_user");
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
