package dev.chatlog.worker.config;

import dev.chatlog.config.KafkaSetting;
import dev.chatlog.config.SearchSetting;
import dev.chatlog.config.Setting;
import dev.chatlog.config.Settings;
import dev.chatlog.db.DatabaseLogin;
import dev.chatlog.db.DatabaseSetting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The worker's typed configuration, read from {@code CHATLOG_*} environment variables by
 * {@link #fromEnv(Map)}, which reports every problem at once; {@link #documentation()} lists every
 * variable with its default. {@link #toString()} masks the password, including one inside the JDBC
 * URL. {@code instanceId} and {@code dbRole} are null when unset.
 */
public final class WorkerConfig {

    /** Every setting of the worker, in the order of the README and {@code --help}. */
    static final List<Setting> SETTINGS = Settings.of(
            List.of(KafkaSetting.BOOTSTRAP_SERVERS, KafkaSetting.TOPIC, KafkaSetting.DLQ_TOPIC),
            List.of(DatabaseSetting.values()),
            List.of(WorkerSetting.values()),
            List.of(SearchSetting.CONFIG));

    private final Settings settings;

    private WorkerConfig(Settings settings) {
        this.settings = settings;
    }

    /** Reads every {@code CHATLOG_*} variable of the worker, reporting all problems in one exception. */
    public static WorkerConfig fromEnv(Map<String, String> env) {
        Settings s = Settings.read("the worker", env, SETTINGS);
        String topic = s.get(KafkaSetting.TOPIC);
        if (topic != null && topic.equals(s.get(KafkaSetting.DLQ_TOPIC))) {
            s.invalid(KafkaSetting.DLQ_TOPIC, "must differ from " + KafkaSetting.TOPIC.variable());
        }
        Integer replication = s.get(WorkerSetting.TOPIC_REPLICATION_FACTOR);
        if (replication != null && replication == 0) {
            s.invalid(WorkerSetting.TOPIC_REPLICATION_FACTOR, "must be -1 or an integer in 1..32");
        }
        Integer batch = s.get(WorkerSetting.BATCH_MAX_EVENTS);
        Integer outbox = s.get(WorkerSetting.OUTBOX_MAX_EVENTS);
        if (batch != null && outbox != null && outbox < batch) {
            s.invalid(WorkerSetting.OUTBOX_MAX_EVENTS,
                    "must be at least " + WorkerSetting.BATCH_MAX_EVENTS.variable() + " (" + batch + ")");
        }
        Integer pool = s.get(WorkerSetting.DB_POOL_SIZE);
        Integer threads = s.get(WorkerSetting.THREADS);
        Integer writers = s.get(WorkerSetting.WRITERS);
        if (pool != null && threads != null && writers != null && s.isGiven(WorkerSetting.DB_POOL_SIZE)
                && pool < threads * writers + 1) {
            s.invalid(WorkerSetting.DB_POOL_SIZE, "must be at least " + WorkerSetting.THREADS.variable()
                    + " x " + WorkerSetting.WRITERS.variable() + " + 1 (" + (threads * writers + 1) + ")");
        }
        return new WorkerConfig(s.check());
    }

    /** Every variable the worker reads, in a stable order, with a one-line description and its default. */
    public static Map<String, String> documentation() {
        return Settings.documentation(SETTINGS);
    }

    public String kafkaBootstrapServers() {
        return settings.get(KafkaSetting.BOOTSTRAP_SERVERS);
    }

    public String topic() {
        return settings.get(KafkaSetting.TOPIC);
    }

    public String deadLetterTopic() {
        return settings.get(KafkaSetting.DLQ_TOPIC);
    }

    public int topicPartitions() {
        return settings.get(WorkerSetting.TOPIC_PARTITIONS);
    }

    public int topicReplicationFactor() {
        return settings.get(WorkerSetting.TOPIC_REPLICATION_FACTOR);
    }

    public String applicationId() {
        return settings.get(WorkerSetting.APPLICATION_ID);
    }

    public String instanceId() {
        return settings.get(WorkerSetting.INSTANCE_ID);
    }

    /** Where the database is and who logs in. */
    public DatabaseLogin databaseLogin() {
        return DatabaseLogin.from(settings);
    }

    public String dbSchema() {
        return settings.get(DatabaseSetting.SCHEMA);
    }

    /** The role the worker acts as, or null to stay the login user. */
    public String dbRole() {
        return settings.get(WorkerSetting.DB_ROLE);
    }

    /** The pool size: as configured, but at least one connection per writer plus one. */
    public int dbPoolSize() {
        int pool = settings.get(WorkerSetting.DB_POOL_SIZE);
        return Math.max(pool, threads() * writers() + 1);
    }

    /**
     * Threads that help the search indexer catch up after a burst: one per writer beyond the first,
     * as far as the pool has connections to spare beyond the writers', the indexer's and one for
     * reading stored offsets.
     */
    public int searchIndexerHelpers() {
        return Math.max(0, Math.min(writers() - 1, dbPoolSize() - threads() * writers() - 2));
    }

    public boolean migrate() {
        return settings.get(WorkerSetting.MIGRATE);
    }

    public int metricsPort() {
        return settings.get(WorkerSetting.METRICS_PORT);
    }

    public Path stateDir() {
        String dir = settings.get(WorkerSetting.STATE_DIR);
        return dir == null ? Path.of(System.getProperty("java.io.tmpdir"), "chatlog-worker") : Path.of(dir);
    }

    public Duration flushInterval() {
        return settings.get(WorkerSetting.FLUSH_INTERVAL_MS);
    }

    public Duration batchMinInterval() {
        return settings.get(WorkerSetting.BATCH_MIN_INTERVAL_MS);
    }

    public int batchMaxEvents() {
        return settings.get(WorkerSetting.BATCH_MAX_EVENTS);
    }

    public int outboxMaxEvents() {
        return settings.get(WorkerSetting.OUTBOX_MAX_EVENTS);
    }

    public int threads() {
        return settings.get(WorkerSetting.THREADS);
    }

    public int writers() {
        return settings.get(WorkerSetting.WRITERS);
    }

    public Duration commitInterval() {
        return settings.get(WorkerSetting.COMMIT_INTERVAL_MS);
    }

    public Duration sessionTimeout() {
        return settings.get(WorkerSetting.SESSION_TIMEOUT_MS);
    }

    /** The text search configuration the search indexer makes the messages' documents with. */
    public String searchConfiguration() {
        return settings.get(SearchSetting.CONFIG);
    }

    /** Whether the worker may run on a Kafka Streams version its outbox store was not audited against. */
    public boolean kafkaStreamsUnaudited() {
        return settings.get(WorkerSetting.KAFKA_STREAMS_UNAUDITED);
    }

    @Override
    public String toString() {
        return "WorkerConfig[" + settings.describe() + "]";
    }
}
