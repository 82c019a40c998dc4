package dev.chatlog.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two worker instances share the partitions while one joins and the other leaves mid-stream. */
@ExtendWith(ChatlogServersExtension.class)
class WorkerRebalanceIT {

    @Test
    void losesAndDuplicatesNothingWhileInstancesJoinAndLeaveMidStream(TestServers servers, TestDatabase db) {
        WorkerEnv env = WorkerEnv.of(servers, db, servers.newTopic(6)).with("CHATLOG_BATCH_MAX_EVENTS", "200");
        List<ProducerRecord<byte[], byte[]>> records = new EventScript(11, 120, true).next(env.topic(), 8000);

        try (PacedProducer producer = PacedProducer.start(servers.kafkaBootstrap(), records, 100, Duration.ofMillis(100))) {
            Worker first = Worker.start(env.stateDir(servers.uniqueName("first")).config());
            Worker second;
            try {
                await("first instance applies events").atMost(Duration.ofSeconds(60))
                        .until(() -> Progress.applied(db.dataSource(), env.topic()) > 1000);
                second = Worker.start(env.stateDir(servers.uniqueName("second")).config());
                long joined = Progress.applied(db.dataSource(), env.topic());
                await("both instances share the partitions and progress").atMost(Duration.ofSeconds(60))
                        .until(() -> Progress.applied(db.dataSource(), env.topic()) > joined + 1500);
            } finally {
                first.close();
            }
            try (second) {
                producer.awaitDone(Duration.ofSeconds(60));
                ModelCheck.assertDatabaseMatchesTopic(servers.kafkaBootstrap(), db.dataSource(), env.topic(),
                        env.deadLetterTopic(), Duration.ofSeconds(90));
                assertThat(second.isRunning()).isTrue();
            }
        }
    }
}
