package dev.chatlog.worker.config;

/** Every environment variable the worker reads, with its default and a one-line description. */
enum Setting {
    KAFKA_BOOTSTRAP_SERVERS("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
            "Kafka bootstrap servers, host:port[,host:port...]"),
    TOPIC("CHATLOG_TOPIC", "chat.events", "input topic of chat events"),
    DLQ_TOPIC("CHATLOG_DLQ_TOPIC", "chat.events.dlq", "dead-letter topic"),
    TOPIC_PARTITIONS("CHATLOG_TOPIC_PARTITIONS", "12",
            "partitions of the input and dead-letter topics when the worker creates them"),
    TOPIC_REPLICATION_FACTOR("CHATLOG_TOPIC_REPLICATION_FACTOR", "-1",
            "replication factor of the topics the worker creates; -1 takes the broker's default"),
    APPLICATION_ID("CHATLOG_WORKER_APPLICATION_ID", "chatlog-worker",
            "Kafka Streams application id: the consumer group and prefix of internal topics"),
    INSTANCE_ID("CHATLOG_WORKER_INSTANCE_ID", "",
            "static group member id (e.g. the pod name), so a restarted instance takes its partitions back at once; empty for dynamic membership"),
    DB_URL("CHATLOG_DB_URL", null, "JDBC URL of PostgreSQL, e.g. jdbc:postgresql://localhost:5432/chatlog (required)"),
    DB_USER("CHATLOG_DB_USER", "", "database login user"),
    DB_PASSWORD("CHATLOG_DB_PASSWORD", "", "database password (secret: never logged)"),
    DB_SCHEMA("CHATLOG_DB_SCHEMA", "chatlog", "schema holding the tables (also the deployment name a rebuild switches)"),
    DB_ROLE("CHATLOG_DB_ROLE", "chatlog_writer", "role the worker acts as after login (SET ROLE); empty to stay the login user"),
    DB_POOL_SIZE("CHATLOG_DB_POOL_SIZE", "4", "maximum database connections"),
    MIGRATE("CHATLOG_MIGRATE", "true", "apply the Flyway migrations at start-up"),
    METRICS_PORT("CHATLOG_WORKER_METRICS_PORT", "9400", "port of the Prometheus /metrics endpoint; 0 turns it off"),
    STATE_DIR("CHATLOG_WORKER_STATE_DIR", "", "Kafka Streams state directory; empty for <java.io.tmpdir>/chatlog-worker"),
    FLUSH_INTERVAL_MS("CHATLOG_FLUSH_INTERVAL_MS", "100", "how often buffered events are written to PostgreSQL, in ms"),
    BATCH_MAX_EVENTS("CHATLOG_BATCH_MAX_EVENTS", "5000", "events per stream thread written at once at most, shared by its writers (each transaction takes up to this divided by CHATLOG_DB_WRITERS)"),
    OUTBOX_MAX_EVENTS("CHATLOG_OUTBOX_MAX_EVENTS", "50000",
            "events buffered per stream thread (shared by its writers) before consumption pauses while PostgreSQL is unavailable"),
    THREADS("CHATLOG_WORKER_THREADS", "1", "Kafka Streams threads of this instance"),
    WRITERS("CHATLOG_DB_WRITERS", "2",
            "PostgreSQL transactions in flight per stream thread; writer n takes the partitions whose number modulo this count is n"),
    COMMIT_INTERVAL_MS("CHATLOG_WORKER_COMMIT_INTERVAL_MS", "5000",
            "Kafka Streams commit interval, in ms: how often consumed offsets, the outbox's changelog and dead letters commit"),
    SESSION_TIMEOUT_MS("CHATLOG_KAFKA_SESSION_TIMEOUT_MS", "45000",
            "consumer group session timeout, in ms: how soon a dead instance's partitions move");

    private final String variable;
    private final String defaultValue;
    private final String doc;

    Setting(String variable, String defaultValue, String doc) {
        this.variable = variable;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    String variable() {
        return variable;
    }

    /** The default, or null when the variable is required. */
    String defaultValue() {
        return defaultValue;
    }

    String doc() {
        return doc;
    }
}
