package dev.chatlog.worker.config;

import dev.chatlog.config.Setting;
import dev.chatlog.config.ValueType;

/**
 * Every environment variable only the worker reads, with its default, its type and a one-line
 * description; the Kafka and database settings it shares with the other components are
 * {@link dev.chatlog.config.KafkaSetting} and {@link dev.chatlog.db.DatabaseSetting}.
 */
enum WorkerSetting implements Setting {
    TOPIC_PARTITIONS("CHATLOG_TOPIC_PARTITIONS", "12", ValueType.integer(1, 10_000),
            "partitions of the input and dead-letter topics when the worker creates them"),
    TOPIC_REPLICATION_FACTOR("CHATLOG_TOPIC_REPLICATION_FACTOR", "-1", ValueType.integer(-1, 32),
            "replication factor of the topics the worker creates; -1 takes the broker's default"),
    APPLICATION_ID("CHATLOG_WORKER_APPLICATION_ID", "chatlog-worker", ValueType.topic(),
            "Kafka Streams application id: the consumer group and prefix of internal topics"),
    INSTANCE_ID("CHATLOG_WORKER_INSTANCE_ID", "", ValueType.text(),
            "static group member id (e.g. the pod name), so a restarted instance takes its partitions back at once; empty for dynamic membership"),
    DB_ROLE("CHATLOG_DB_ROLE", "chatlog_writer", ValueType.identifier().emptyMeansNone(),
            "role the worker acts as, set when each connection opens; empty to stay the login user"),
    DB_POOL_SIZE("CHATLOG_DB_POOL_SIZE", "5", ValueType.integer(1, 64),
            "maximum database connections: one per writer, one for the search indexer and one for reading stored offsets; those beyond let the search indexer catch up after a burst on up to CHATLOG_DB_WRITERS - 1 more"),
    MIGRATE("CHATLOG_MIGRATE", "true", ValueType.bool(), "apply the Flyway migrations at start-up"),
    METRICS_PORT("CHATLOG_WORKER_METRICS_PORT", "9400", ValueType.port(),
            "port of the Prometheus /metrics endpoint; 0 turns it off"),
    STATE_DIR("CHATLOG_WORKER_STATE_DIR", "", ValueType.text(),
            "Kafka Streams state directory; empty for <java.io.tmpdir>/chatlog-worker"),
    FLUSH_INTERVAL_MS("CHATLOG_FLUSH_INTERVAL_MS", "10", ValueType.millis(1, 60_000),
            "how long, in ms, events that arrived during a write wait at most for the next batch while no record arrives (a batch is written at once whenever none is in flight and CHATLOG_BATCH_MIN_INTERVAL_MS has passed); also the consumer's longest poll"),
    BATCH_MIN_INTERVAL_MS("CHATLOG_BATCH_MIN_INTERVAL_MS", "10", ValueType.millis(0, 60_000),
            "the least time, in ms, between the starts of two batches of one writer unless a full batch waits: an event that arrives while the writer is idle and this long has passed since its last batch began is written at once; under a steady flow, batches of a few events become fewer and larger; 0 writes whenever the writer is idle"),
    BATCH_MAX_EVENTS("CHATLOG_BATCH_MAX_EVENTS", "20000", ValueType.integer(1, 100_000),
            "events per stream thread written at once at most, shared by its writers (each transaction takes up to this divided by CHATLOG_DB_WRITERS); batches reach it only under a backlog"),
    OUTBOX_MAX_EVENTS("CHATLOG_OUTBOX_MAX_EVENTS", "50000", ValueType.integer(1, 10_000_000),
            "events buffered per stream thread (shared by its writers) before consumption pauses while PostgreSQL is unavailable"),
    THREADS("CHATLOG_WORKER_THREADS", "1", ValueType.integer(1, 64), "Kafka Streams threads of this instance"),
    WRITERS("CHATLOG_DB_WRITERS", "2", ValueType.integer(1, 16),
            "PostgreSQL transactions in flight per stream thread; each of the thread's partitions goes through one of them, spread evenly"),
    COMMIT_INTERVAL_MS("CHATLOG_WORKER_COMMIT_INTERVAL_MS", "5000", ValueType.millis(10, 600_000),
            "Kafka Streams commit interval, in ms: how often consumed offsets, the outbox's changelog and dead letters commit"),
    SESSION_TIMEOUT_MS("CHATLOG_KAFKA_SESSION_TIMEOUT_MS", "45000", ValueType.millis(1_000, 1_800_000),
            "consumer group session timeout, in ms: how soon a dead instance's partitions move"),
    KAFKA_STREAMS_UNAUDITED("CHATLOG_KAFKA_STREAMS_UNAUDITED", "false", ValueType.bool(),
            "true runs a Kafka Streams version whose commit paths the outbox store was not audited against (the commit tripwire stays on)");

    private final Definition definition;

    WorkerSetting(String variable, String defaultValue, ValueType<?> type, String doc) {
        this.definition = new Definition(variable, defaultValue, type, doc);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
