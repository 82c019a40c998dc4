package dev.chatlog.worker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The worker's typed configuration, read from {@code CHATLOG_*} environment variables by
 * {@link #fromEnv(Map)}; {@link #documentation()} lists every variable with its default.
 * {@link #toString()} masks the password, including one inside the JDBC URL. {@code instanceId},
 * {@code dbUser}, {@code dbPassword} and {@code dbRole} are null when unset.
 */
public record WorkerConfig(
        String kafkaBootstrapServers,
        String topic,
        String deadLetterTopic,
        int topicPartitions,
        int topicReplicationFactor,
        String applicationId,
        String instanceId,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String dbSchema,
        String dbRole,
        int dbPoolSize,
        boolean migrate,
        int metricsPort,
        Path stateDir,
        Duration flushInterval,
        int batchMaxEvents,
        int outboxMaxEvents,
        int threads,
        int writers,
        Duration commitInterval,
        Duration sessionTimeout) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    /** Reads every {@code CHATLOG_*} variable of the worker, reporting all problems in one exception. */
    public static WorkerConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        String bootstrap = r.string(Setting.KAFKA_BOOTSTRAP_SERVERS);
        String topic = topicName(r, Setting.TOPIC);
        String dlq = topicName(r, Setting.DLQ_TOPIC);
        if (topic.equals(dlq)) {
            r.invalid(Setting.DLQ_TOPIC, dlq, "must differ from " + Setting.TOPIC.variable());
        }
        int partitions = r.integer(Setting.TOPIC_PARTITIONS, 1, 10_000);
        int replication = r.integer(Setting.TOPIC_REPLICATION_FACTOR, -1, 32);
        if (replication == 0) {
            r.invalid(Setting.TOPIC_REPLICATION_FACTOR, "0", "must be -1 or an integer in 1..32");
        }
        String applicationId = r.string(Setting.APPLICATION_ID);
        if (!TOPIC_NAME.matcher(applicationId).matches()) {
            r.invalid(Setting.APPLICATION_ID, applicationId, "must be 1 to 249 characters of a-z A-Z 0-9 . _ -");
        }
        String url = r.string(Setting.DB_URL);
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            r.invalid(Setting.DB_URL, mask(url), "must be a PostgreSQL JDBC URL starting with jdbc:postgresql:");
        }
        String schema = identifier(r, Setting.DB_SCHEMA, false);
        String role = identifier(r, Setting.DB_ROLE, true);
        int problemsBeforePool = r.problems().size();
        int pool = r.integer(Setting.DB_POOL_SIZE, 1, 64);
        boolean poolValid = r.problems().size() == problemsBeforePool;
        boolean migrate = r.bool(Setting.MIGRATE);
        int metricsPort = r.integer(Setting.METRICS_PORT, 0, 65_535);
        String stateDir = r.string(Setting.STATE_DIR);
        int flush = r.integer(Setting.FLUSH_INTERVAL_MS, 1, 60_000);
        int batch = r.integer(Setting.BATCH_MAX_EVENTS, 1, 100_000);
        int outbox = r.integer(Setting.OUTBOX_MAX_EVENTS, 1, 10_000_000);
        if (outbox < batch) {
            r.invalid(Setting.OUTBOX_MAX_EVENTS, Integer.toString(outbox),
                    "must be at least " + Setting.BATCH_MAX_EVENTS.variable() + " (" + batch + ")");
        }
        int threads = r.integer(Setting.THREADS, 1, 64);
        int writers = r.integer(Setting.WRITERS, 1, 16);
        int connections = threads * writers + 1;
        if (poolValid && pool < connections && env.containsKey(Setting.DB_POOL_SIZE.variable())) {
            r.invalid(Setting.DB_POOL_SIZE, Integer.toString(pool), "must be at least " + Setting.THREADS.variable()
                    + " x " + Setting.WRITERS.variable() + " + 1 (" + connections + ")");
        }
        int commit = r.integer(Setting.COMMIT_INTERVAL_MS, 10, 600_000);
        int session = r.integer(Setting.SESSION_TIMEOUT_MS, 1_000, 1_800_000);
        if (!r.problems().isEmpty()) {
            throw new WorkerConfigException(r.problems());
        }
        return new WorkerConfig(bootstrap, topic, dlq, partitions, replication, applicationId,
                optional(r.string(Setting.INSTANCE_ID)), url, optional(r.string(Setting.DB_USER)),
                optional(env.get(Setting.DB_PASSWORD.variable())), schema, optional(role),
                Math.max(pool, connections), migrate, metricsPort,
                stateDir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "chatlog-worker") : Path.of(stateDir),
                Duration.ofMillis(flush), batch, outbox, threads, writers, Duration.ofMillis(commit), Duration.ofMillis(session));
    }

    /** Every variable the worker reads, in a stable order, with a one-line description and its default. */
    public static Map<String, String> documentation() {
        Map<String, String> docs = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            String def = s.defaultValue() == null ? "required" : s.defaultValue().isEmpty() ? "none" : s.defaultValue();
            docs.put(s.variable(), s.doc() + " (default: " + def + ")");
        }
        return docs;
    }

    private static String topicName(EnvReader r, Setting s) {
        String value = r.string(s);
        if (!TOPIC_NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            r.invalid(s, value, "must be a Kafka topic name: 1 to 249 characters of a-z A-Z 0-9 . _ -");
        }
        return value;
    }

    private static String identifier(EnvReader r, Setting s, boolean emptyAllowed) {
        String value = emptyAllowed ? r.stringOrEmpty(s) : r.string(s);
        if (emptyAllowed && value.isEmpty()) {
            return value;
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            r.invalid(s, value, "must be a lower-case SQL identifier: a-z, 0-9 and _, not starting with a digit, at most 63 characters");
        }
        return value;
    }

    private static String optional(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String mask(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1****");
    }

    private static String orElse(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    @Override
    public String toString() {
        return "WorkerConfig[kafka=" + kafkaBootstrapServers + ", topic=" + topic + ", dlqTopic=" + deadLetterTopic
                + ", partitions=" + topicPartitions + ", replicationFactor=" + topicReplicationFactor
                + ", applicationId=" + applicationId + ", instanceId=" + orElse(instanceId, "(dynamic)")
                + ", dbUrl=" + mask(dbUrl) + ", dbUser=" + orElse(dbUser, "(default)")
                + ", dbPassword=" + (dbPassword != null ? "****" : "(none)") + ", dbSchema=" + dbSchema
                + ", dbRole=" + orElse(dbRole, "(login user)") + ", dbPoolSize=" + dbPoolSize + ", migrate=" + migrate
                + ", metricsPort=" + metricsPort + ", stateDir=" + stateDir + ", flushInterval=" + flushInterval.toMillis()
                + "ms, batchMaxEvents=" + batchMaxEvents + ", outboxMaxEvents=" + outboxMaxEvents + ", threads=" + threads + ", writers=" + writers
                + ", commitInterval=" + commitInterval.toMillis() + "ms, sessionTimeout=" + sessionTimeout.toMillis() + "ms]";
    }
}
