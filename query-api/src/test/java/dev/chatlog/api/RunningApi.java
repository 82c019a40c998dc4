package dev.chatlog.api;

import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.TestDatabase;
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

    /** Migrates {@code database} and starts the API on it in HS256 mode, with {@code overrides} applied. */
    static RunningApi start(TestDatabase database, Map<String, String> overrides) {
        Migrations.apply(database.dataSource(), SCHEMA);
        return new RunningApi(ApiServer.start(ApiConfig.fromEnv(env(database, overrides))), database);
    }

    static RunningApi start(TestDatabase database) {
        return start(database, Map.of());
    }

    static Map<String, String> env(TestDatabase database, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("CHATLOG_API_PORT", "0");
        env.put("CHATLOG_API_BIND", "127.0.0.1");
        env.put("CHATLOG_DB_URL", database.jdbcUrl());
        env.put("CHATLOG_DB_USER", database.user());
        if (database.password() != null) {
            env.put("CHATLOG_DB_PASSWORD", database.password());
        }
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
