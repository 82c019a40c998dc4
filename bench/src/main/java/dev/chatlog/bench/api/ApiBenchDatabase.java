package dev.chatlog.bench.api;

import dev.chatlog.db.DatabaseLogin;
import dev.chatlog.db.PostgresDataSources;
import dev.chatlog.testkit.PostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the benchmark runs on: the one at {@code CHATLOG_DB_URL} (with {@code CHATLOG_DB_USER}
 * and {@code CHATLOG_DB_PASSWORD}, a superuser) when set, else an embedded one whose data stays in the
 * benchmark's data directory, so a second run reuses the loaded dataset.
 */
record ApiBenchDatabase(String url, String user, String password, String host, int port, String name,
                        PostgresServer embedded) implements AutoCloseable {

    static final String EMBEDDED_DATABASE = "chatlog_bench";

    static ApiBenchDatabase open(Map<String, String> env, Path dataDir) throws Exception {
        String external = env.get("CHATLOG_DB_URL");
        if (external != null && !external.isBlank()) {
            URI uri = URI.create(external.substring("jdbc:".length()));
            return new ApiBenchDatabase(external, env.getOrDefault("CHATLOG_DB_USER", "postgres"),
                    env.get("CHATLOG_DB_PASSWORD"), uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                    uri.getPath().substring(1), null);
        }
        PostgresServer postgres = PostgresServer.start(dataDir.resolve("postgres"), 0);
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setUrl(postgres.jdbcUrl("postgres"));
        admin.setUser(PostgresServer.SUPERUSER);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + EMBEDDED_DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + EMBEDDED_DATABASE);
            }
        }
        return new ApiBenchDatabase(postgres.jdbcUrl(EMBEDDED_DATABASE), PostgresServer.SUPERUSER, null,
                "127.0.0.1", postgres.port(), EMBEDDED_DATABASE, postgres);
    }

    PGSimpleDataSource dataSource() {
        return PostgresDataSources.direct(new DatabaseLogin(url, user, password));
    }

    String describe() {
        return embedded != null ? "embedded" : "at " + host + ":" + port;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.stop();
        }
    }
}
