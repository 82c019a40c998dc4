package dev.chatlog.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.PostgresServer;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The commit paths a {@code TopologyTestDriver} never takes, each followed at once by SIGKILL: the
 * commit of a revocation (a second instance joins and partitions move), of a clean close, and of a
 * rebalance while PostgreSQL is down. Events keep arriving, so some wait in the outboxes across
 * those commits (the batch in flight, what gathers for the next, all of it while PostgreSQL is
 * down): what the killed instance consumed but did not write survives only in the changelog those
 * commits wrote. In each case the tables must equal the model of the topic.
 */
@ExtendWith(ChatlogServersExtension.class)
class WorkerCommitPathIT {

    private static final Path LOGS = Path.of("target", "worker-logs");
    private static final String REVOKED = "partition revocation took";

    private static WorkerEnv env(TestServers servers, TestDatabase db) {
        return WorkerEnv.of(servers, db, servers.newTopic(4))
                .with("CHATLOG_FLUSH_INTERVAL_MS", "1500")
                .with("CHATLOG_WORKER_COMMIT_INTERVAL_MS", "5000");
    }

    /** Events at 200 a second, still arriving when the instances join, close or are killed. */
    private static PacedProducer produce(TestServers servers, WorkerEnv env, int seed, int events) {
        List<ProducerRecord<byte[], byte[]>> records = new EventScript(seed, 60, true).next(env.topic(), events);
        return PacedProducer.start(servers.kafkaBootstrap(), records, 10, Duration.ofMillis(50));
    }

    private static WorkerEnv awaitApplied(TestDatabase db, WorkerEnv env, long events, WorkerProcess worker) {
        await("events applied").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> Progress.applied(db.dataSource(), env.topic()) > events || !worker.isAlive());
        assertThat(worker.isAlive()).as("worker running; its output:%n%s", worker.output()).isTrue();
        return env;
    }

    @Test
    void losesNothingWhenKilledRightAfterTheCommitOfARevocation(TestServers servers, TestDatabase db) {
        WorkerEnv env = env(servers, db);
        Map<String, String> first = env.map();
        try (PacedProducer producer = produce(servers, env, 51, 8000)) {
            WorkerProcess a = WorkerProcess.start(first, LOGS.resolve("revocation-a.log"));
            try (a; Worker b = Worker.start(awaitApplied(db, env, 300, a).stateDir(servers.uniqueName("joining")).config())) {
                await("the first instance commits what it revokes").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> a.count(REVOKED) > 0 || !a.isAlive());
                assertThat(a.isAlive()).as("first instance's output:%n%s", a.output()).isTrue();
                a.kill();
                producer.awaitDone(Duration.ofSeconds(60));
                ModelCheck.assertDatabaseMatchesTopic(servers.kafkaBootstrap(), db.dataSource(), env.topic(),
                        env.deadLetterTopic(), Duration.ofSeconds(120));
                assertThat(b.isRunning()).isTrue();
            }
        }
    }

    @Test
    void losesNothingWhenKilledRightAfterACleanClose(TestServers servers, TestDatabase db) {
        WorkerEnv env = env(servers, db);
        try (PacedProducer producer = produce(servers, env, 52, 5000)) {
            WorkerProcess a = WorkerProcess.start(env.map(), LOGS.resolve("close-a.log"));
            try (a) {
                awaitApplied(db, env, 300, a);
                a.terminate();
                await("the worker closes Kafka Streams cleanly").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> a.count("-> NOT_RUNNING") > 0 || !a.isAlive());
                a.kill();
            }
            assertThat(a.output()).as("the close committed").contains("-> NOT_RUNNING");
            try (WorkerProcess restarted = WorkerProcess.start(env.map(), LOGS.resolve("close-b.log"))) {
                producer.awaitDone(Duration.ofSeconds(60));
                ModelCheck.assertDatabaseMatchesTopic(servers.kafkaBootstrap(), db.dataSource(), env.topic(),
                        env.deadLetterTopic(), Duration.ofSeconds(120));
                assertThat(restarted.isAlive()).isTrue();
            }
        }
    }

    @Test
    void losesNothingWhenKilledDuringARebalanceWhilePostgresIsDown(TestServers servers, TestDatabase db) {
        PostgresServer postgres = servers.postgres().orElseThrow();
        WorkerEnv env = env(servers, db);
        Map<String, String> first = env.map();
        EventScript script = new EventScript(53, 60, true);
        try (PacedProducer before = PacedProducer.start(servers.kafkaBootstrap(), script.next(env.topic(), 1500), 10,
                Duration.ofMillis(50))) {
            WorkerProcess a = WorkerProcess.start(first, LOGS.resolve("outage-a.log"));
            awaitApplied(db, env, 300, a);
            Worker b = Worker.start(env.stateDir(servers.uniqueName("leaving")).config());
            try (a) {
                await("partitions move to the second instance").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100)).until(() -> a.count(REVOKED) > 0 || !a.isAlive());
                before.awaitDone(Duration.ofSeconds(60));
                var consumedByB = b.meterRegistry().get("chatlog.worker.events.consumed").counter();
                postgres.stop();
                double consumedAtStop = consumedByB.count();
                // events keep arriving while PostgreSQL is down: they wait in the outboxes
                try (PacedProducer during = PacedProducer.start(servers.kafkaBootstrap(), script.next(env.topic(), 1500),
                        10, Duration.ofMillis(50))) {
                    await("the second instance buffers events it cannot write").atMost(Duration.ofSeconds(60))
                            .until(() -> consumedByB.count() > consumedAtStop + 50);
                    int rebalances = a.count("REBALANCING -> RUNNING");
                    b.close(); // a clean close while PostgreSQL is down: its partitions move to the first instance
                    await("the first instance takes the partitions over").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(10))
                            .until(() -> a.count("REBALANCING -> RUNNING") > rebalances || !a.isAlive());
                    a.kill();
                    during.awaitDone(Duration.ofSeconds(60));
                }
            } finally {
                if (b.isRunning()) {
                    b.close();
                }
                postgres.start();
            }
            try (WorkerProcess restarted = WorkerProcess.start(env.map(), LOGS.resolve("outage-b.log"))) {
                ModelCheck.assertDatabaseMatchesTopic(servers.kafkaBootstrap(), db.dataSource(), env.topic(),
                        env.deadLetterTopic(), Duration.ofSeconds(120));
                assertThat(restarted.isAlive()).isTrue();
            }
        }
    }
}
