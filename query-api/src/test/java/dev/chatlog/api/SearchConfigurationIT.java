package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.config.ConfigException;
import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.Role;
import dev.chatlog.publish.ChatEventPublisher;
import dev.chatlog.publish.PublishResult;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import dev.chatlog.worker.Worker;
import dev.chatlog.worker.config.WorkerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CHATLOG_SEARCH_CONFIG end to end: the worker's search indexer makes the documents with the
 * configuration the API parses queries with, so a language's configuration matches other forms of a
 * word, published through Kafka, applied and indexed by the real worker, found through the API.
 */
@ExtendWith(ChatlogServersExtension.class)
class SearchConfigurationIT {

    static final String USER = Users.id("searchconfig");

    @Test
    void withEnglishASearchForRunningFindsAMessageSayingRuns(TestServers servers, TestDatabase database)
            throws Exception {
        try (Indexed indexed = Indexed.publish(servers, database, "english")) {
            JsonNode hits = indexed.searchUntilFound("running");

            assertThat(hits.findValuesAsText("message_id")).containsExactly("m1");
            assertThat(hits.get(0).get("snippet").asText()).contains("<mark>runs</mark>");
            assertThat(indexed.search("dentist").size()).isZero();
        }
    }

    @Test
    void withSimpleASearchForRunningDoesNotFindAMessageSayingRuns(TestServers servers, TestDatabase database)
            throws Exception {
        try (Indexed indexed = Indexed.publish(servers, database, "simple")) {
            // the word as written is found, so the message is indexed when "running" is not
            assertThat(indexed.searchUntilFound("runs").findValuesAsText("message_id")).containsExactly("m1");

            assertThat(indexed.search("running").size()).isZero();
        }
    }

    @Test
    void workerAndApiRefuseToStartWithAConfigurationPostgresqlDoesNotKnow(TestServers servers,
                                                                           TestDatabase database) throws Exception {
        RunningApi.migrate(database);
        Map<String, String> workerEnv = TestWorkerEnv.of(servers, database, servers.newTopic(1), "search-config");
        workerEnv.put("CHATLOG_SEARCH_CONFIG", "englsh");

        assertThatThrownBy(() -> Worker.start(WorkerConfig.fromEnv(workerEnv)).close())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("Invalid value 'englsh' for CHATLOG_SEARCH_CONFIG: PostgreSQL has no"
                                + " text search configuration of that name; it has ").contains("english", "simple"));
        assertThatThrownBy(() -> ApiServer.start(ApiConfig.fromEnv(RunningApi.env(database,
                Map.of("CHATLOG_SEARCH_CONFIG", "englsh")))).close())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .contains("The configuration of the query API has 1 problem",
                                "Invalid value 'englsh' for CHATLOG_SEARCH_CONFIG"));
    }

    /** A worker and an API with one search configuration, and a conversation they applied and indexed. */
    private record Indexed(Worker worker, RunningApi api, PublishResult last) implements AutoCloseable {

        static Indexed publish(TestServers servers, TestDatabase database, String configuration) throws Exception {
            String topic = servers.newTopic(1);
            Map<String, String> workerEnv = TestWorkerEnv.of(servers, database, topic, "search-" + configuration);
            workerEnv.put("CHATLOG_SEARCH_CONFIG", configuration);
            Worker worker = Worker.start(WorkerConfig.fromEnv(workerEnv));
            try (ChatEventPublisher publisher = new ChatEventPublisher(servers.kafkaBootstrap(), topic)) {
                RunningApi api = RunningApi.start(database, Map.of("CHATLOG_TOPIC", topic,
                        "CHATLOG_SEARCH_CONFIG", configuration));
                String conversation = "conv-" + UUID.randomUUID();
                publisher.publish(new ConversationCreated(id(), USER, conversation, Instant.now(), "Mornings")).get();
                publisher.publish(new MessageCreated(id(), USER, conversation, Instant.now(), "m1", Role.USER,
                        "She runs every morning before work")).get();
                PublishResult last = publisher.publish(new MessageCreated(id(), USER, conversation, Instant.now(),
                        "m2", Role.ASSISTANT, "Noted: a walk after lunch.")).get();
                return new Indexed(worker, api, last);
            } catch (Exception | Error e) {
                worker.close();
                throw e;
            }
        }

        /** The hits for {@code q} once the worker has applied everything and its indexer has made them searchable. */
        JsonNode searchUntilFound(String q) {
            // the worker may still be joining its group (503), and the indexer follows the worker shortly after
            return await().atMost(Duration.ofSeconds(90)).until(() -> {
                ApiClient.Reply reply = api.client.get("/v1/search?q=" + FindIT.encode(q) + "&consistent_with="
                        + last.token().encode(), TestTokensFor.user(USER));
                return reply.status() == 200 ? reply.json().get("data") : null;
            }, hits -> hits != null && !hits.isEmpty());
        }

        JsonNode search(String q) {
            ApiClient.Reply reply = api.client.get("/v1/search?q=" + FindIT.encode(q), TestTokensFor.user(USER));
            assertThat(reply.status()).isEqualTo(200);
            return reply.json().get("data");
        }

        @Override
        public void close() {
            api.close();
            worker.close();
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
