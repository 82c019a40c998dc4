package dev.chatlog.launcher;

import dev.chatlog.db.LoginRoles;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The CHATLOG_* environment of a worker on the test servers, and small database probes. */
final class LauncherFixture {

    private static final String API_LOGIN = "chatlog_api_test";
    private static final String API_PASSWORD = "chatlog-api-test";

    private LauncherFixture() {
    }

    static Map<String, String> env(TestServers servers, TestDatabase db, String topic) {
        Map<String, String> env = new HashMap<>();
        env.put("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap());
        env.put("CHATLOG_TOPIC", topic);
        env.put("CHATLOG_DLQ_TOPIC", topic + ".dlq");
        env.put("CHATLOG_TOPIC_PARTITIONS", "4");
        env.put("CHATLOG_DB_URL", db.jdbcUrl());
        env.put("CHATLOG_DB_USER", db.user());
        if (db.password() != null) {
            env.put("CHATLOG_DB_PASSWORD", db.password());
        }
        env.put("CHATLOG_DB_SCHEMA", "chatlog");
        env.put("CHATLOG_WORKER_APPLICATION_ID", servers.uniqueName("app"));
        env.put("CHATLOG_WORKER_METRICS_PORT", "0");
        env.put("CHATLOG_WORKER_STATE_DIR", System.getProperty("java.io.tmpdir") + "/" + servers.uniqueName("state"));
        env.put("CHATLOG_FLUSH_INTERVAL_MS", "50");
        return env;
    }

    /**
     * {@code env} for the API: logged in as a login that is only a member of chatlog_reader, created
     * here; the migrations must have run.
     */
    static Map<String, String> apiEnv(TestDatabase db, Map<String, String> env) throws SQLException {
        LoginRoles.ensure(db.dataSource(), API_LOGIN, API_PASSWORD, Migrations.READER_ROLE);
        Map<String, String> api = new HashMap<>(env);
        api.put("CHATLOG_DB_USER", API_LOGIN);
        api.put("CHATLOG_DB_PASSWORD", API_PASSWORD);
        return api;
    }

    static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
