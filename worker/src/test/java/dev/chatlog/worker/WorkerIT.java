package dev.chatlog.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import dev.chatlog.worker.failure.DeadLetter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ChatlogServersExtension.class)
class WorkerIT {

    @Test
    void appliesAStreamOfEventsExactlyAsTheModelSaysAndDeadLettersEveryBadRecord(TestServers servers, TestDatabase db)
            throws Exception {
        WorkerEnv env = WorkerEnv.of(servers, db, servers.newTopic(4)).withMetrics();
        EventScript script = new EventScript(1, 40, true);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(script.next(env.topic(), 3000));
        for (int kind = 0; kind < BadRecords.KINDS; kind++) {
            byte[][] kv = BadRecords.of(kind, "user-bad");
            records.add(new ProducerRecord<>(env.topic(), kv[0], kv[1]));
        }
        KafkaTopics.produce(servers.kafkaBootstrap(), records);

        try (Worker worker = Worker.start(env.config())) {
            ChatModel model = ModelCheck.assertDatabaseMatchesTopic(servers.kafkaBootstrap(), db.dataSource(),
                    env.topic(), env.deadLetterTopic(), Duration.ofSeconds(60));

            assertThat(model.deadLetters().values()).contains("invalid-json", "schema-violation", "unknown-type",
                    "unsupported-version", "key-mismatch", "over-limit", DeadLetter.UNKNOWN_TOOL_CALL);
            assertThat(model.tables().messages()).hasSizeGreaterThan(1000);
            String metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("chatlog_worker_events_applied_total{type=\"message.created\"}",
                    "chatlog_worker_dead_letters_total{reason=\"unknown-tool-call\"}",
                    "chatlog_worker_dead_letters_total{reason=\"key-mismatch\"}",
                    "chatlog_worker_batch_size_count", "chatlog_worker_flush_latency_seconds_count",
                    "chatlog_worker_consumer_lag");
        }
    }

    @Test
    void givesDeadLettersHeadersSayingWhyAndWhereFrom(TestServers servers, TestDatabase db) throws Exception {
        WorkerEnv env = WorkerEnv.of(servers, db, servers.newTopic(1));
        TestEvents events = new TestEvents();
        var unknown = events.completed("u1", "c1", "call_never_requested");
        byte[][] bad = BadRecords.of(2, "u1");
        KafkaTopics.produce(servers.kafkaBootstrap(), List.of(
                new ProducerRecord<>(env.topic(), bad[0], bad[1]),
                new ProducerRecord<>(env.topic(), TestEvents.key(unknown), TestEvents.value(unknown))));

        try (Worker ignored = Worker.start(env.config())) {
            List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                letters.clear();
                letters.addAll(KafkaTopics.readAll(servers.kafkaBootstrap(), env.deadLetterTopic()));
                return letters.size() >= 2;
            });
            Map<String, ConsumerRecord<byte[], byte[]>> byReason = new java.util.HashMap<>();
            letters.forEach(l -> byReason.put(ModelCheck.header(l, DeadLetter.REASON), l));

            ConsumerRecord<byte[], byte[]> unknownType = byReason.get("unknown-type");
            assertThat(ModelCheck.header(unknownType, DeadLetter.ERROR_CLASS)).isEqualTo("bad-input");
            assertThat(ModelCheck.header(unknownType, DeadLetter.SOURCE_TOPIC)).isEqualTo(env.topic());
            assertThat(ModelCheck.header(unknownType, DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(ModelCheck.header(unknownType, DeadLetter.SOURCE_OFFSET)).isEqualTo("0");
            assertThat(ModelCheck.header(unknownType, DeadLetter.EVENT_ID)).isEqualTo(BadRecords.EVENT_ID);
            assertThat(ModelCheck.header(unknownType, DeadLetter.MESSAGE)).contains("unknown-type");

            ConsumerRecord<byte[], byte[]> unknownCall = byReason.get(DeadLetter.UNKNOWN_TOOL_CALL);
            assertThat(unknownCall.value()).isEqualTo(TestEvents.value(unknown));
            assertThat(ModelCheck.header(unknownCall, DeadLetter.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(ModelCheck.header(unknownCall, DeadLetter.EVENT_ID)).isEqualTo(unknown.eventId());
            assertThat(ModelCheck.header(unknownCall, DeadLetter.MESSAGE)).contains("call_never_requested");
            await().atMost(Duration.ofSeconds(30)).until(() -> DatabaseSnapshot.caughtUp(db.dataSource(), "chatlog",
                    env.topic(), Map.of(0, 2L)));
        }
    }

    @Test
    void createsTheDeadLetterTopicKeepingRecordsForeverAndWarnsAboutAnInputTopicThatDeletesHistory(
            TestServers servers, TestDatabase db) throws Exception {
        String topic = servers.uniqueName("short-retention").replace('_', '-');
        try (Admin admin = servers.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "86400000")))).all().get(30, TimeUnit.SECONDS);
            WorkerEnv env = WorkerEnv.of(servers, db, topic);

            List<String> warnings = dev.chatlog.worker.topology.TopicSetup.ensure(admin, env.config());

            assertThat(warnings).singleElement().asString().contains(topic, "retention.ms");
            ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, env.deadLetterTopic());
            var config = admin.describeConfigs(List.of(dlq)).all().get(30, TimeUnit.SECONDS).get(dlq);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(admin.describeTopics(List.of(env.deadLetterTopic())).allTopicNames().get()
                    .get(env.deadLetterTopic()).partitions()).hasSize(4);
        }
    }

    @Test
    void stopsWithTheCauseWhenTheTablesAreMissing(TestServers servers, TestDatabase db) throws Exception {
        WorkerEnv env = WorkerEnv.of(servers, db, servers.newTopic(1)).with("CHATLOG_MIGRATE", "false")
                .with("CHATLOG_DB_ROLE", "");
        TestEvents events = new TestEvents();
        var message = events.message("u1", "c1", "m1", "hello");
        KafkaTopics.produce(servers.kafkaBootstrap(),
                List.of(new ProducerRecord<>(env.topic(), TestEvents.key(message), TestEvents.value(message))));

        try (Worker worker = Worker.start(env.config())) {
            assertThatThrownBy(worker::awaitTermination).isInstanceOf(WorkerStoppedException.class)
                    .hasMessageContaining("does not exist");
        }
    }
}
