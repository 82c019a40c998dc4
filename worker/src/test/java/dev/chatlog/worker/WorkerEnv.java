package dev.chatlog.worker;

import dev.chatlog.testkit.Ports;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import dev.chatlog.worker.config.WorkerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The environment of a worker under test: the shared servers, a fresh database, a unique application id. */
public final class WorkerEnv {

    private final Map<String, String> env = new HashMap<>();

    private WorkerEnv() {
    }

    public static WorkerEnv of(TestServers servers, TestDatabase db, String topic) {
        WorkerEnv w = new WorkerEnv();
        String applicationId = servers.uniqueName("worker");
        w.env.put("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap());
        w.env.put("CHATLOG_TOPIC", topic);
        w.env.put("CHATLOG_DLQ_TOPIC", topic + ".dlq");
        w.env.put("CHATLOG_TOPIC_PARTITIONS", "4");
        w.env.put("CHATLOG_WORKER_APPLICATION_ID", applicationId);
        w.env.put("CHATLOG_DB_URL", db.jdbcUrl());
        w.env.put("CHATLOG_DB_USER", db.user());
        if (db.password() != null) {
            w.env.put("CHATLOG_DB_PASSWORD", db.password());
        }
        w.env.put("CHATLOG_WORKER_METRICS_PORT", "0");
        w.env.put("CHATLOG_KAFKA_SESSION_TIMEOUT_MS", "6000");
        w.env.put("CHATLOG_WORKER_COMMIT_INTERVAL_MS", "500");
        w.stateDir(applicationId);
        return w;
    }

    public WorkerEnv with(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** A state directory of its own, for a second instance in the same JVM. */
    public WorkerEnv stateDir(String name) {
        return with("CHATLOG_WORKER_STATE_DIR", Path.of("target", "worker-state", name).toAbsolutePath().toString());
    }

    public WorkerEnv withMetrics() {
        return with("CHATLOG_WORKER_METRICS_PORT", Integer.toString(Ports.free()));
    }

    public String topic() {
        return env.get("CHATLOG_TOPIC");
    }

    public String deadLetterTopic() {
        return env.get("CHATLOG_DLQ_TOPIC");
    }

    public Map<String, String> map() {
        return Map.copyOf(env);
    }

    public WorkerConfig config() {
        return WorkerConfig.fromEnv(env);
    }
}
