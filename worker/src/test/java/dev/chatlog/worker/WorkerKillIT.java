package dev.chatlog.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kills a worker running in a child JVM with SIGKILL at random moments while tens of thousands of
 * events stream in, restarting it each time; the database must still equal the model of the topic.
 */
@ExtendWith(ChatlogServersExtension.class)
class WorkerKillIT {

    private static final int EVENTS = 25_000;
    private static final int KILLS = 5;

    @Test
    void losesAndDuplicatesNothingWhenKilledAtRandomMomentsMidStream(TestServers servers, TestDatabase db) {
        WorkerEnv env = WorkerEnv.of(servers, db, servers.newTopic(4))
                .with("CHATLOG_WORKER_INSTANCE_ID", "kill-test")
                .with("CHATLOG_BATCH_MAX_EVENTS", "500");
        List<ProducerRecord<byte[], byte[]>> records = new EventScript(7, 300, true).next(env.topic(), EVENTS);
        Random random = new Random(42);
        Path logs = Path.of("target", "worker-logs");

        try (PacedProducer producer = PacedProducer.start(servers.kafkaBootstrap(), records, 250, Duration.ofMillis(200))) {
            for (int kill = 0; kill < KILLS; kill++) {
                long before = Progress.applied(db.dataSource(), env.topic());
                long target = before + 300 + random.nextInt(3000);
                WorkerProcess worker = WorkerProcess.start(env.map(), logs.resolve("kill-" + kill + ".log"));
                await("worker " + kill + " applies events up to " + target).atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> Progress.applied(db.dataSource(), env.topic()) >= Math.min(target, producer.sent())
                                && Progress.applied(db.dataSource(), env.topic()) > before || !worker.isAlive());
                assertThat(worker.isAlive()).as("worker %d still running; its output:%n%s", kill, worker.output()).isTrue();
                worker.kill();
            }
            try (WorkerProcess last = WorkerProcess.start(env.map(), logs.resolve("kill-final.log"))) {
                producer.awaitDone(Duration.ofSeconds(120));
                ModelCheck.assertDatabaseMatchesTopic(servers.kafkaBootstrap(), db.dataSource(), env.topic(),
                        env.deadLetterTopic(), Duration.ofSeconds(120));
                assertThat(last.isAlive()).isTrue();
            }
        }
    }
}
