package dev.chatlog.worker;

import com.zaxxer.hikari.HikariDataSource;
import dev.chatlog.config.SearchConfigurationCheck;
import dev.chatlog.config.SearchSetting;
import dev.chatlog.db.PostgresDataSources;
import dev.chatlog.event.EventParser;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.worker.config.WorkerConfig;
import dev.chatlog.worker.failure.KafkaDeadLetterPublisher;
import dev.chatlog.worker.failure.Retry;
import dev.chatlog.worker.failure.StreamsFailureHandler;
import dev.chatlog.worker.metrics.ConsumerLag;
import dev.chatlog.worker.metrics.MetricsServer;
import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.outbox.CommitGuard;
import dev.chatlog.worker.outbox.GuardedClientSupplier;
import dev.chatlog.worker.outbox.KafkaStreamsVersion;
import dev.chatlog.worker.search.SearchIndexer;
import dev.chatlog.worker.sink.PostgresSink;
import dev.chatlog.worker.topology.StreamsSettings;
import dev.chatlog.worker.topology.TopicSetup;
import dev.chatlog.worker.topology.TopologySettings;
import dev.chatlog.worker.topology.WorkerTopology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: Kafka Streams applying the input topic to PostgreSQL, plus its metrics
 * endpoint. {@link #start} migrates (unless disabled), creates the topics and starts consuming;
 * {@link #awaitTermination()} returns when it stops, throwing if it stopped because of a failure.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration STARTUP_RETRY_LIMIT = Duration.ofMinutes(10);

    private final List<AutoCloseable> resources;
    private final KafkaStreams streams;
    private final StreamsFailureHandler failures;
    private final PrometheusMeterRegistry registry;
    private final MetricsServer metricsServer;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private Worker(List<AutoCloseable> resources, KafkaStreams streams, StreamsFailureHandler failures,
                   PrometheusMeterRegistry registry, MetricsServer metricsServer) {
        this.resources = resources;
        this.streams = streams;
        this.failures = failures;
        this.registry = registry;
        this.metricsServer = metricsServer;
    }

    /** Starts a worker; throws when the database or the topics cannot be prepared. */
    public static Worker start(WorkerConfig config) {
        log.info("starting the worker with {}", config);
        if (KafkaStreamsVersion.check(config.kafkaStreamsUnaudited())) {
            log.warn("running Kafka Streams {}, which the outbox store was not audited with, as "
                    + "CHATLOG_KAFKA_STREAMS_UNAUDITED allows; the commit tripwire stays on", KafkaStreamsVersion.running());
        }
        if (config.migrate()) {
            Retry.whileTransient("migrate the database", STARTUP_RETRY_LIMIT, () -> {
                return Migrations.apply(PostgresDataSources.direct(config.databaseLogin()), config.dbSchema());
            });
        }
        checkSearchConfiguration(config);
        int inputPartitions = Retry.whileTransient("create the topics", STARTUP_RETRY_LIMIT, () -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers()))) {
                TopicSetup.ensure(admin, config);
                return TopicSetup.partitions(admin, config.topic());
            }
        });
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            HikariDataSource pool = Retry.whileTransient("connect to PostgreSQL", STARTUP_RETRY_LIMIT,
                    () -> pool(config));
            resources.add(pool);
            SearchIndexer indexer = SearchIndexer.start(pool, config.dbSchema(), config.searchConfiguration(),
                    config.searchIndexerHelpers());
            resources.addFirst(indexer);
            KafkaDeadLetterPublisher deadLetters = new KafkaDeadLetterPublisher(config.kafkaBootstrapServers(),
                    config.deadLetterTopic(), config.applicationId() + "-dead-letters");
            resources.add(deadLetters);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            WorkerMetrics metrics = new WorkerMetrics(registry);
            PostgresSink sink = new PostgresSink(pool, config.dbSchema(), deadLetters, indexer::messagesQueued);
            CommitGuard guard = new CommitGuard(config.topic());
            KafkaStreams streams = new KafkaStreams(
                    WorkerTopology.build(TopologySettings.of(config, inputPartitions), new EventParser(), sink, metrics, guard),
                    StreamsSettings.of(config), new GuardedClientSupplier(guard));
            resources.addFirst(new StreamsCloser(streams));
            Gauge.builder("chatlog.worker.consumer.lag", streams, s -> ConsumerLag.of(s::metrics, config.topic()))
                    .description("records of the input topic not yet consumed by this instance").register(registry);
            MetricsServer server = config.metricsPort() == 0 ? null : MetricsServer.start(registry, config.metricsPort());
            if (server != null) {
                resources.addFirst(server);
                log.info("metrics at http://0.0.0.0:{}/metrics", server.port());
            }
            StreamsFailureHandler failures = new StreamsFailureHandler();
            Worker worker = new Worker(resources, streams, failures, registry, server);
            streams.setUncaughtExceptionHandler(failures);
            streams.setStateListener((now, before) -> {
                log.info("worker state {} -> {}", before, now);
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                    worker.stopped.countDown();
                }
            });
            streams.start();
            return worker;
        } catch (RuntimeException e) {
            closeAll(resources, e);
            throw e;
        }
    }

    /** Blocks until the worker stops; throws {@link WorkerStoppedException} when a failure stopped it. */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
        Throwable fatal = failures.fatal();
        if (fatal != null) {
            throw new WorkerStoppedException(fatal);
        }
    }

    /** Whether the worker is consuming (running or rebalancing). */
    public boolean isRunning() {
        return streams.state().isRunningOrRebalancing();
    }

    /** Whether a failure that retrying cannot fix stopped the worker. */
    public boolean hasFailed() {
        return failures.fatal() != null || streams.state() == KafkaStreams.State.ERROR;
    }

    /** The worker's meters, as served at {@code /metrics}. */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    /** The port of the metrics endpoint, or 0 when it is off. */
    public int metricsPort() {
        return metricsServer == null ? 0 : metricsServer.port();
    }

    /**
     * Stops consuming and leaves the consumer group, so the partitions move to other instances at once.
     * Closing again, from any thread, waits for the first close and does nothing more.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("stopping the worker");
        closeAll(resources, null);
        stopped.countDown();
        log.info("worker stopped");
    }

    /** Closes Kafka Streams leaving the group, so its partitions move to other instances at once. */
    private record StreamsCloser(KafkaStreams streams) implements AutoCloseable {
        @Override
        public void close() {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
    }

    private static void closeAll(List<AutoCloseable> resources, RuntimeException failure) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    log.warn("could not close {}: {}", r, e.toString());
                }
            }
        }
    }

    /** Stops the start with a configuration error when PostgreSQL does not know CHATLOG_SEARCH_CONFIG. */
    private static void checkSearchConfiguration(WorkerConfig config) {
        try (Connection c = Retry.whileTransient("connect to PostgreSQL", STARTUP_RETRY_LIMIT,
                () -> PostgresDataSources.direct(config.databaseLogin()).getConnection())) {
            SearchConfigurationCheck.atStart(c, "the worker", config.searchConfiguration());
        } catch (SQLException e) {
            throw new IllegalStateException("could not check " + SearchSetting.CONFIG.variable() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The writers' pool; the role is set as each connection opens, so no rollback can undo it. */
    private static HikariDataSource pool(WorkerConfig config) {
        return PostgresDataSources.pool("chatlog-worker", config.databaseLogin())
                .size(config.dbPoolSize())
                .minimumIdle(1)
                .autoCommit(false)
                .role(config.dbRole())
                .connectionTimeout(Duration.ofSeconds(3))
                .validationTimeout(Duration.ofSeconds(1))
                .applicationName("chatlog-worker")
                .build();
    }
}
