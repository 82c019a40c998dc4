package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.db.LoginRoles;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API runs only as a login that row-level security binds, unless told otherwise. */
@ExtendWith(ChatlogServersExtension.class)
class LoginCheckIT {

    @Test
    void refusesToStartAsASuperuserWithAClearMessage(TestDatabase database) {
        RunningApi.migrate(database);
        Map<String, String> env = asSuperuser(database, Map.of());

        assertThatThrownBy(() -> ApiServer.start(ApiConfig.fromEnv(env)).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refuses to start")
                .hasMessageContaining("superuser or has BYPASSRLS")
                .hasMessageContaining("CHATLOG_API_ALLOW_PRIVILEGED_LOGIN");
    }

    @Test
    void refusesALoginThatBypassesRowLevelSecurity(TestDatabase database) throws SQLException {
        RunningApi.migrate(database);
        String login = database.name() + "_bypass";
        LoginRoles.ensure(database.dataSource(), login, "bypass-password", Migrations.READER_ROLE);
        execute(database, "ALTER ROLE " + login + " BYPASSRLS");
        try {
            Map<String, String> env = RunningApi.env(database, Map.of("CHATLOG_DB_USER", login,
                    "CHATLOG_DB_PASSWORD", "bypass-password"));

            assertThatThrownBy(() -> ApiServer.start(ApiConfig.fromEnv(env)).close())
                    .hasMessageContaining("its database login " + login + " is a superuser or has BYPASSRLS");
        } finally {
            execute(database, "DROP ROLE " + login);
        }
    }

    @Test
    void refusesALoginThatInheritsTheFinderRoleEvenWhenPrivilegedLoginsAreAllowed(TestDatabase database)
            throws SQLException {
        RunningApi.migrate(database);
        String login = database.name() + "_finder";
        LoginRoles.ensure(database.dataSource(), login, "finder-password", Migrations.READER_ROLE);
        execute(database, "GRANT " + Migrations.FINDER_ROLE + " TO " + login);
        try {
            for (String allowed : new String[] {"false", "true"}) {
                Map<String, String> env = RunningApi.env(database, Map.of("CHATLOG_DB_USER", login,
                        "CHATLOG_DB_PASSWORD", "finder-password", "CHATLOG_API_ALLOW_PRIVILEGED_LOGIN", allowed));

                assertThatThrownBy(() -> ApiServer.start(ApiConfig.fromEnv(env)).close()).as("allowed: %s", allowed)
                        .hasMessageContaining("refuses to start")
                        .hasMessageContaining("its database login " + login + ", or the role it acts as, inherits "
                                + Migrations.FINDER_ROLE);
            }
        } finally {
            execute(database, "DROP ROLE " + login);
        }
    }

    @Test
    void startsAsASuperuserWhenExplicitlyAllowed(TestDatabase database) {
        RunningApi.migrate(database);
        Map<String, String> env = asSuperuser(database, Map.of("CHATLOG_API_ALLOW_PRIVILEGED_LOGIN", "true"));

        try (ApiServer api = ApiServer.start(ApiConfig.fromEnv(env))) {
            assertThat(new ApiClient(api.port()).get("/health/ready", null).status()).isEqualTo(200);
        }
    }

    @Test
    void startsAsALoginThatIsOnlyAMemberOfTheReaderRole(TestDatabase database) {
        try (RunningApi api = RunningApi.start(database)) {
            assertThat(api.client.get("/health/ready", null).status()).isEqualTo(200);
        }
    }

    private static Map<String, String> asSuperuser(TestDatabase database, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(RunningApi.env(database, overrides));
        env.put("CHATLOG_DB_USER", database.user());
        env.remove("CHATLOG_DB_PASSWORD");
        if (database.password() != null) {
            env.put("CHATLOG_DB_PASSWORD", database.password());
        }
        return env;
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
