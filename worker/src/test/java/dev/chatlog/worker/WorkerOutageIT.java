package dev.chatlog.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.KafkaBroker;
import dev.chatlog.testkit.PostgresServer;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stops PostgreSQL, then the broker, mid-stream: the worker waits, resumes, and loses nothing. */
@ExtendWith(ChatlogServersExtension.class)
class WorkerOutageIT {

    @Test
    void waitsForPostgresAndResumesWhereItWasAfterARestart(TestServers servers, TestDatabase db) {
        PostgresServer postgres = servers.postgres().orElseThrow();
        WorkerEnv env = WorkerEnv.of(servers, db, servers.newTopic(4))
                .with("CHATLOG_BATCH_MAX_EVENTS", "300").with("CHATLOG_OUTBOX_MAX_EVENTS", "600");
        List<ProducerRecord<byte[], byte[]>> records = new EventScript(21, 100, false).next(env.topic(), 6000);

        try (PacedProducer producer = PacedProducer.start(servers.kafkaBootstrap(), records, 100, Duration.ofMillis(50));
             Worker worker = Worker.start(env.config())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Progress.applied(db.dataSource(), env.topic()) > 1000);
            var failures = worker.meterRegistry().get("chatlog.worker.flush.failures").counter();
            var consumed = worker.meterRegistry().get("chatlog.worker.events.consumed").counter();
            postgres.stop();
            try {
                double consumedAtStop = consumed.count();
                await("the worker retries with backoff while PostgreSQL is down").atMost(Duration.ofSeconds(30))
                        .until(() -> failures.count() >= 3 && consumed.count() > consumedAtStop);
                await("the worker stays up without PostgreSQL").during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10)).until(worker::isRunning);
                assertThat(failures.count()).as("attempts spaced by backoff, not a busy loop").isLessThan(100);
            } finally {
                postgres.start();
            }
            producer.awaitDone(Duration.ofSeconds(60));
            ModelCheck.assertDatabaseMatchesTopic(servers.kafkaBootstrap(), db.dataSource(), env.topic(),
                    env.deadLetterTopic(), Duration.ofSeconds(90));
            assertThat(worker.isRunning()).isTrue();
        }
    }

    @Test
    void waitsForTheBrokerAndResumesWhereItWasAfterARestart(TestServers servers, TestDatabase db) {
        KafkaBroker broker = servers.broker().orElseThrow();
        WorkerEnv env = WorkerEnv.of(servers, db, servers.newTopic(4)).with("CHATLOG_BATCH_MAX_EVENTS", "300");
        List<ProducerRecord<byte[], byte[]>> records = new EventScript(31, 100, true).next(env.topic(), 6000);

        try (PacedProducer producer = PacedProducer.start(servers.kafkaBootstrap(), records, 100, Duration.ofMillis(50));
             Worker worker = Worker.start(env.config())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Progress.applied(db.dataSource(), env.topic()) > 1000);
            broker.stop();
            try {
                await("the worker stays up without the broker").during(Duration.ofSeconds(5))
                        .atMost(Duration.ofSeconds(10)).until(() -> !worker.hasFailed());
            } finally {
                broker.start();
            }
            producer.awaitDone(Duration.ofSeconds(120));
            ModelCheck.assertDatabaseMatchesTopic(servers.kafkaBootstrap(), db.dataSource(), env.topic(),
                    env.deadLetterTopic(), Duration.ofSeconds(120));
            assertThat(worker.isRunning()).isTrue();
        }
    }
}
