package dev.chatlog.launcher;

import static dev.chatlog.launcher.LauncherFixture.count;
import static dev.chatlog.launcher.LauncherFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chatlog.api.ApiServer;
import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.publish.ChatEventPublisher;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import dev.chatlog.worker.Worker;
import dev.chatlog.worker.config.WorkerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ChatlogServersExtension.class)
class RebuildIT {

    private static final List<String> TABLES = List.of("conversations", "messages", "tool_calls");

    @Test
    void rebuiltTablesEqualTheLiveOnesRowForRowAndTheWorkerWritesThemAfterTheSwitch(
            TestServers servers, TestDatabase db) throws Exception {
        String topic = servers.newTopic(4);
        Map<String, String> env = LauncherFixture.env(servers, db, topic);
        ChatTraffic traffic = new ChatTraffic(7, "rb");
        String secret = "rebuild-test-secret-of-at-least-32-bytes";
        env.put("CHATLOG_API_PORT", "0");
        env.put("CHATLOG_JWT_HS256_SECRET", secret);
        env.put("CHATLOG_JWT_ISSUER", DevHome.ISSUER);
        env.put("CHATLOG_JWT_AUDIENCE", DevHome.AUDIENCE);
        try (Worker live = Worker.start(WorkerConfig.fromEnv(env));
             ApiServer api = ApiServer.start(ApiConfig.fromEnv(LauncherFixture.apiEnv(db, env)));
             ChatEventPublisher publisher = new ChatEventPublisher(servers.kafkaBootstrap(), topic)) {
            publish(publisher, traffic.events(3000, 40));
            awaitApplied(servers, db, "chatlog", topic);

            StringWriter output = new StringWriter();
            Rebuild.Result result = new Rebuild(env, new PrintWriter(output, true), Clock.systemUTC()).run(false);

            assertThat(result.previousSchema()).isEqualTo("chatlog");
            assertThat(text(db, "SELECT active_schema FROM chatlog_control.deployments WHERE name = 'chatlog'"))
                    .isEqualTo(result.newSchema());
            assertThat(output.toString()).contains("events", "switched");
            for (String table : TABLES) {
                assertThat(count(db, "SELECT count(*) FROM chatlog." + table)).as(table).isPositive();
                assertThat(count(db, "SELECT count(*) FROM (SELECT * FROM chatlog." + table
                        + " EXCEPT SELECT * FROM " + result.newSchema() + "." + table + ") d")).as(table).isZero();
                assertThat(count(db, "SELECT count(*) FROM (SELECT * FROM " + result.newSchema() + "." + table
                        + " EXCEPT SELECT * FROM chatlog." + table + ") d")).as(table).isZero();
            }

            long oldMessages = count(db, "SELECT count(*) FROM chatlog.messages");
            long newMessages = count(db, "SELECT count(*) FROM " + result.newSchema() + ".messages");
            List<ChatEvent> more = new ChatTraffic(8, "after").events(200, 5);
            long moreMessages = more.stream().filter(e -> e instanceof dev.chatlog.event.MessageCreated)
                    .map(e -> ((dev.chatlog.event.MessageCreated) e).messageId()).distinct().count();
            publish(publisher, more);
            awaitApplied(servers, db, result.newSchema(), topic);
            String newcomer = ((dev.chatlog.event.MessageCreated) more.stream()
                    .filter(e -> e instanceof dev.chatlog.event.MessageCreated).findFirst().orElseThrow()).userId();
            String token = DevTokens.mint(secret, newcomer, java.time.Instant.now());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(get(api.port(), "/v1/conversations", token)).as("the API follows the switch")
                            .contains("\"id\":\"after-conv-"));
            assertThat(count(db, "SELECT count(*) FROM chatlog.messages")).isEqualTo(oldMessages);
            assertThat(count(db, "SELECT count(*) FROM " + result.newSchema() + ".messages"))
                    .isGreaterThan(newMessages).isLessThanOrEqualTo(newMessages + moreMessages);

            String dropped = new Rebuild(env, new PrintWriter(new StringWriter()), Clock.systemUTC()).dropPrevious();
            assertThat(dropped).isEqualTo("chatlog");
            assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'chatlog'")).isZero();
        }
    }

    @Test
    void refusesWhenRetentionDeletedTheStartOfTheTopicUnlessAllowed(TestServers servers, TestDatabase db)
            throws Exception {
        String topic = servers.newTopic(1);
        Map<String, String> env = LauncherFixture.env(servers, db, topic);
        try (ChatEventPublisher publisher = new ChatEventPublisher(servers.kafkaBootstrap(), topic)) {
            publish(publisher, new ChatTraffic(9, "ret").events(20, 2));
        }
        try (Admin admin = servers.admin()) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(5)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Rebuild rebuild = new Rebuild(env, new PrintWriter(new StringWriter()), Clock.systemUTC());
        assertThatThrownBy(() -> rebuild.run(false))
                .hasMessageContaining("partition 0 starts at offset 5")
                .hasMessageContaining("--allow-partial");
        Rebuild.Result partial = rebuild.run(true);
        assertThat(partial.events()).isEqualTo(count(db,
                "SELECT next_offset - 5 FROM " + partial.newSchema() + ".applied_offsets WHERE partition = 0"));
    }

    private static String get(int port, String path, String token) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build();
        return java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void publish(ChatEventPublisher publisher, List<ChatEvent> events) throws Exception {
        var last = publisher.publish(events.getFirst());
        for (ChatEvent e : events.subList(1, events.size())) {
            last = publisher.publish(e);
        }
        last.get(60, TimeUnit.SECONDS);
    }

    private static void awaitApplied(TestServers servers, TestDatabase db, String schema, String topic) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try (Admin admin = servers.admin()) {
                TopicOffsets offsets = TopicOffsets.of(admin, topic);
                assertThat(offsets.done(Rebuild.appliedOffsets(db.dataSource(), schema, topic)))
                        .isEqualTo(offsets.total());
            }
        });
    }
}
