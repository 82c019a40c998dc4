package dev.chatlog.api;

import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The environment of a real worker applying {@code topic} to a test database, for end-to-end tests. */
final class TestWorkerEnv {

    private TestWorkerEnv() {
    }

    static Map<String, String> of(TestServers servers, TestDatabase database, String topic, String name)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap());
        env.put("CHATLOG_TOPIC", topic);
        env.put("CHATLOG_DLQ_TOPIC", topic + ".dlq");
        env.put("CHATLOG_DB_URL", database.jdbcUrl());
        env.put("CHATLOG_DB_USER", database.user());
        env.put("CHATLOG_DB_SCHEMA", RunningApi.SCHEMA);
        env.put("CHATLOG_WORKER_APPLICATION_ID", servers.uniqueName(name));
        env.put("CHATLOG_WORKER_METRICS_PORT", "0");
        env.put("CHATLOG_WORKER_STATE_DIR", Files.createTempDirectory(Path.of("target"), "streams").toString());
        if (database.password() != null) {
            env.put("CHATLOG_DB_PASSWORD", database.password());
        }
        return env;
    }
}
