package dev.chatlog.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    private static final Map<String, String> MINIMAL = Map.of("CHATLOG_DB_URL", "jdbc:postgresql://db:5432/chatlog");

    @Test
    void appliesTheDocumentedDefaults() {
        WorkerConfig config = WorkerConfig.fromEnv(MINIMAL);

        assertThat(config.kafkaBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topic()).isEqualTo("chat.events");
        assertThat(config.deadLetterTopic()).isEqualTo("chat.events.dlq");
        assertThat(config.topicPartitions()).isEqualTo(12);
        assertThat(config.applicationId()).isEqualTo("chatlog-worker");
        assertThat(config.dbSchema()).isEqualTo("chatlog");
        assertThat(config.dbRole()).isEqualTo("chatlog_writer");
        assertThat(config.migrate()).isTrue();
        assertThat(config.metricsPort()).isEqualTo(9400);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.batchMaxEvents()).isEqualTo(20000);
        assertThat(config.threads()).isEqualTo(1);
        assertThat(config.writers()).isEqualTo(2);
        assertThat(config.instanceId()).isNull();
        assertThat(config.databaseLogin().password()).isNull();
        assertThat(config.searchConfiguration()).isEqualTo("simple");
    }

    @Test
    void givesTheSearchIndexerOneHelperPerWriterBeyondTheFirstAsFarAsThePoolAllows() {
        assertThat(WorkerConfig.fromEnv(MINIMAL).dbPoolSize()).isEqualTo(5);
        assertThat(WorkerConfig.fromEnv(MINIMAL).searchIndexerHelpers()).as("2 writers, pool of 5").isEqualTo(1);
        assertThat(helpers(Map.of("CHATLOG_DB_WRITERS", "1"))).isZero();
        assertThat(helpers(Map.of("CHATLOG_DB_POOL_SIZE", "4"))).as("no connection to spare").isZero();
        assertThat(helpers(Map.of("CHATLOG_DB_WRITERS", "4", "CHATLOG_DB_POOL_SIZE", "8"))).isEqualTo(2);
        assertThat(helpers(Map.of("CHATLOG_DB_WRITERS", "4", "CHATLOG_DB_POOL_SIZE", "20"))).isEqualTo(3);
        assertThat(helpers(Map.of("CHATLOG_WORKER_THREADS", "2", "CHATLOG_DB_POOL_SIZE", "7"))).isEqualTo(1);
    }

    private static int helpers(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.putAll(settings);
        return WorkerConfig.fromEnv(env).searchIndexerHelpers();
    }

    @Test
    void readsTheSearchConfigurationTheApiReads() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put("CHATLOG_SEARCH_CONFIG", "english");

        assertThat(WorkerConfig.fromEnv(env).searchConfiguration()).isEqualTo("english");
        assertThat(WorkerConfig.documentation()).containsKey("CHATLOG_SEARCH_CONFIG");
        env.put("CHATLOG_SEARCH_CONFIG", "English; DROP");
        assertThatThrownBy(() -> WorkerConfig.fromEnv(env)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("Invalid value 'English; DROP' for CHATLOG_SEARCH_CONFIG: must be a lower-case"));
    }

    @Test
    void readsEveryVariableGiven() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092");
        env.put("CHATLOG_TOPIC", "events");
        env.put("CHATLOG_DLQ_TOPIC", "events.dlq");
        env.put("CHATLOG_WORKER_THREADS", "3");
        env.put("CHATLOG_DB_WRITERS", "1");
        env.put("CHATLOG_DB_POOL_SIZE", "8");
        env.put("CHATLOG_MIGRATE", "false");
        env.put("CHATLOG_WORKER_METRICS_PORT", "0");
        env.put("CHATLOG_WORKER_INSTANCE_ID", "worker-0");
        env.put("CHATLOG_DB_ROLE", "");
        env.put("CHATLOG_BATCH_MIN_INTERVAL_MS", "0");

        WorkerConfig config = WorkerConfig.fromEnv(env);

        assertThat(config.kafkaBootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(config.topic()).isEqualTo("events");
        assertThat(config.threads()).isEqualTo(3);
        assertThat(config.writers()).isEqualTo(1);
        assertThat(config.dbPoolSize()).isEqualTo(8);
        assertThat(config.migrate()).isFalse();
        assertThat(config.metricsPort()).isZero();
        assertThat(config.instanceId()).isEqualTo("worker-0");
        assertThat(config.dbRole()).as("set to empty: stay the login user").isNull();
        assertThat(config.batchMinInterval()).as("0: write whenever the writer is idle").isZero();
        assertThat(WorkerConfig.fromEnv(MINIMAL).batchMinInterval()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void reportsEveryProblemAtOnceInKafkasWording() {
        Map<String, String> env = Map.of(
                "CHATLOG_DB_POOL_SIZE", "abc",
                "CHATLOG_MIGRATE", "yes",
                "CHATLOG_TOPIC", "bad topic!",
                "CHATLOG_FLUSH_INTERVAL_MS", "0",
                "CHATLOG_DB_SCHEMA", "Drop Table");

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "Invalid value 'bad topic!' for CHATLOG_TOPIC: must be a Kafka topic name: 1 to 249 characters of a-z A-Z 0-9 . _ -",
                        "Missing required value for CHATLOG_DB_URL: JDBC URL of PostgreSQL, e.g. jdbc:postgresql://localhost:5432/chatlog",
                        "Invalid value 'Drop Table' for CHATLOG_DB_SCHEMA: must be a lower-case SQL identifier: a-z, 0-9 and _, not starting with a digit, at most 63 characters",
                        "Invalid value 'abc' for CHATLOG_DB_POOL_SIZE: must be an integer in 1..64",
                        "Invalid value 'yes' for CHATLOG_MIGRATE: must be true or false",
                        "Invalid value '0' for CHATLOG_FLUSH_INTERVAL_MS: must be an integer in 1..60000"))
                .hasMessageContaining("6 problems");
    }

    @Test
    void rejectsRulesAcrossVariables() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put("CHATLOG_DLQ_TOPIC", "chat.events");
        env.put("CHATLOG_BATCH_MAX_EVENTS", "1000");
        env.put("CHATLOG_OUTBOX_MAX_EVENTS", "10");
        env.put("CHATLOG_WORKER_THREADS", "4");
        env.put("CHATLOG_DB_WRITERS", "3");
        env.put("CHATLOG_DB_POOL_SIZE", "2");

        assertThatThrownBy(() -> WorkerConfig.fromEnv(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "Invalid value 'chat.events' for CHATLOG_DLQ_TOPIC: must differ from CHATLOG_TOPIC",
                        "Invalid value '10' for CHATLOG_OUTBOX_MAX_EVENTS: must be at least CHATLOG_BATCH_MAX_EVENTS (1000)",
                        "Invalid value '2' for CHATLOG_DB_POOL_SIZE: must be at least CHATLOG_WORKER_THREADS x CHATLOG_DB_WRITERS + 1 (13)"));
    }

    @Test
    void masksThePasswordAlsoInsideTheJdbcUrl() {
        Map<String, String> env = new HashMap<>();
        env.put("CHATLOG_DB_URL", "jdbc:postgresql://db/chatlog?user=w&password=hunter2");
        env.put("CHATLOG_DB_PASSWORD", "s3cret");

        String text = WorkerConfig.fromEnv(env).toString();

        assertThat(text).doesNotContain("hunter2").doesNotContain("s3cret")
                .contains("password=****").contains("CHATLOG_DB_PASSWORD=****");
    }

    @Test
    void documentsEveryVariableWithItsDefault() {
        Map<String, String> docs = WorkerConfig.documentation();

        assertThat(docs).containsKeys("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", "CHATLOG_TOPIC", "CHATLOG_DLQ_TOPIC",
                "CHATLOG_TOPIC_PARTITIONS", "CHATLOG_WORKER_APPLICATION_ID", "CHATLOG_DB_URL", "CHATLOG_DB_USER",
                "CHATLOG_DB_PASSWORD", "CHATLOG_DB_SCHEMA", "CHATLOG_DB_POOL_SIZE", "CHATLOG_MIGRATE",
                "CHATLOG_WORKER_METRICS_PORT", "CHATLOG_WORKER_STATE_DIR", "CHATLOG_FLUSH_INTERVAL_MS",
                "CHATLOG_BATCH_MIN_INTERVAL_MS", "CHATLOG_BATCH_MAX_EVENTS", "CHATLOG_WORKER_THREADS",
                "CHATLOG_DB_WRITERS");
        assertThat(docs.get("CHATLOG_TOPIC")).endsWith("(default: chat.events)");
        assertThat(docs.get("CHATLOG_DB_URL")).endsWith("(default: required)");
        assertThat(docs.values()).allSatisfy(doc -> assertThat(doc).contains("(default: "));
    }
}
