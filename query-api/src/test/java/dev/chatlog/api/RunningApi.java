package dev.chatlog.api;

import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.db.LoginRoles;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The API started on port 0 against a migrated test database, with a client and a row writer. */
final class RunningApi implements AutoCloseable {

    static final String SCHEMA = "chatlog";

    final ApiServer server;
    final ApiClient client;
    final HistoryRows rows;
    final TestDatabase database;

    private RunningApi(ApiServer server, TestDatabase database) {
        this.server = server;
        this.database = database;
        this.client = new ApiClient(server.port());
        this.rows = new HistoryRows(database.dataSource(), SCHEMA);
    }

    /** The API's database login: only a member of chatlog_reader, as deployments give it. */
    static final String LOGIN = "chatlog_api_test";
    static final String PASSWORD = "chatlog-api-test";

    /**
     * Migrates {@code database} and starts the API on it in HS256 mode, logged in as {@link #LOGIN},
     * with {@code overrides} applied.
     */
    static RunningApi start(TestDatabase database, Map<String, String> overrides) {
        migrate(database);
        return new RunningApi(ApiServer.start(ApiConfig.fromEnv(env(database, overrides))), database);
    }

    /** Migrates {@code database} and makes sure the API's login exists. */
    static void migrate(TestDatabase database) {
        Migrations.apply(database.dataSource(), SCHEMA);
        try {
            LoginRoles.ensure(database.dataSource(), LOGIN, PASSWORD, Migrations.READER_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the API's login", e);
        }
    }

    static RunningApi start(TestDatabase database) {
        return start(database, Map.of());
    }

    static Map<String, String> env(TestDatabase database, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("CHATLOG_API_PORT", "0");
        env.put("CHATLOG_API_BIND", "127.0.0.1");
        env.put("CHATLOG_DB_URL", database.jdbcUrl());
        env.put("CHATLOG_DB_USER", LOGIN);
        env.put("CHATLOG_DB_PASSWORD", PASSWORD);
        env.put("CHATLOG_DB_POOL_SIZE", "4");
        env.put("CHATLOG_JWT_HS256_SECRET", TestTokens.SECRET);
        env.putAll(overrides);
        env.values().removeIf(v -> v == null || v.isEmpty());
        return env;
    }

    @Override
    public void close() {
        server.close();
    }
}
