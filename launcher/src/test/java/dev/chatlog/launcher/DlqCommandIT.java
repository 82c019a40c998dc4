package dev.chatlog.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import dev.chatlog.worker.Worker;
import dev.chatlog.worker.config.WorkerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(ChatlogServersExtension.class)
class DlqCommandIT {

    @Test
    void listsDeadLettersByReasonAndReplaysEachAtMostOnce(TestServers servers, TestDatabase db) throws Exception {
        String topic = servers.newTopic(2);
        Map<String, String> env = LauncherFixture.env(servers, db, topic);
        try (Worker worker = Worker.start(WorkerConfig.fromEnv(env))) {
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "u1", "{not json")).get();
                producer.send(new ProducerRecord<>(topic, "u1", "{\"type\":\"message.created\"}")).get();
                producer.send(new ProducerRecord<>(topic, "u2", "[1,2,3")).get();
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(run(env, "dlq", "list")).contains("3 dead letter(s)"));
        }

        String all = run(env, "dlq", "list");
        assertThat(all).contains("invalid-json", "schema-violation", topic + "/");
        String invalidJson = run(env, "dlq", "list", "--reason", "invalid-json");
        assertThat(invalidJson).contains("2 dead letter(s)").doesNotContain("schema-violation");
        assertThat(run(env, "dlq", "list", "--since", "2h")).contains("3 dead letter(s)");
        assertThat(run(env, "dlq", "list", "--since", "2999-01-01T00:00:00Z")).contains("0 dead letter(s)");

        long before = endOffsets(servers, topic);
        String first = run(env, "dlq", "replay", "--reason", "invalid-json");
        assertThat(first).contains("2 replayed, 0 already replayed before, 0 failed");
        String second = run(env, "dlq", "replay");
        assertThat(second).contains("1 replayed, 2 already replayed before, 0 failed");
        assertThat(run(env, "dlq", "replay")).contains("0 replayed, 3 already replayed before");
        assertThat(endOffsets(servers, topic)).isEqualTo(before + 3);
    }

    private static long endOffsets(TestServers servers, String topic) {
        try (var admin = servers.admin()) {
            return TopicOffsets.of(admin, topic).end().values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Runs the chatlog command with the test servers given as options, returning what it printed. */
    private static String run(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--kafka-bootstrap-servers", env.get("CHATLOG_KAFKA_BOOTSTRAP_SERVERS"),
                "--topic", env.get("CHATLOG_TOPIC"), "--dlq-topic", env.get("CHATLOG_DLQ_TOPIC")));
        if (args[1].equals("replay")) {
            argv.addAll(List.of("--db-url", env.get("CHATLOG_DB_URL"), "--db-user", env.get("CHATLOG_DB_USER")));
        }
        StringWriter out = new StringWriter();
        CommandLine commandLine = ChatlogCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        int code = commandLine.execute(argv.toArray(String[]::new));
        assertThat(code).as("exit code of %s: %s", argv, out).isZero();
        return out.toString();
    }
}
