package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.ConversationCreated;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.Role;
import dev.chatlog.event.ToolCallCompleted;
import dev.chatlog.event.ToolCallRequested;
import dev.chatlog.event.ToolCallStatus;
import dev.chatlog.publish.ChatEventPublisher;
import dev.chatlog.publish.PublishResult;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import dev.chatlog.worker.Worker;
import dev.chatlog.worker.config.WorkerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Publish with the publisher, let the real worker apply, read through the API with consistent_with. */
@ExtendWith(ChatlogServersExtension.class)
class EndToEndIT {

    static final String USER = Users.id("endtoend");

    @Test
    void readsItsOwnWritesThroughTheApiOnceTheWorkerHasAppliedThem(TestServers servers, TestDatabase database)
            throws Exception {
        String topic = servers.newTopic(3);
        Map<String, String> workerEnv = TestWorkerEnv.of(servers, database, topic, "api-e2e");
        try (Worker worker = Worker.start(WorkerConfig.fromEnv(workerEnv));
             RunningApi api = RunningApi.start(database, Map.of("CHATLOG_TOPIC", topic));
             ChatEventPublisher publisher = new ChatEventPublisher(servers.kafkaBootstrap(), topic)) {
            String conversation = "conv-" + UUID.randomUUID();
            publish(publisher, new ConversationCreated(id(), USER, conversation, Instant.now(), "Groceries"));
            publish(publisher, new MessageCreated(id(), USER, conversation, Instant.now(), "m1", Role.USER, "Add milk"));
            publish(publisher, new MessageCreated(id(), USER, conversation, Instant.now(), "m2", Role.ASSISTANT, "On it."));
            publish(publisher, new ToolCallRequested(id(), USER, conversation, Instant.now(), "call_1", "add_task",
                    JsonNodeFactory.instance.objectNode().put("title", "milk"), "m2"));
            PublishResult last = publish(publisher, new ToolCallCompleted(id(), USER, conversation, Instant.now(),
                    "call_1", ToolCallStatus.OK, JsonNodeFactory.instance.objectNode().put("id", 7), null));

            String items = "/v1/conversations/" + conversation + "/items?wait_ms=10000&consistent_with="
                    + last.token().encode();
            // the worker may still be joining its group: the API answers 503 until then, never stale data
            List<Integer> statuses = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                ApiClient.Reply reply = api.client.get(items, TestTokensFor.user(USER));
                statuses.add(reply.status());
                return reply.status() == 200;
            });
            assertThat(statuses).allMatch(s -> s == 200 || s == 503);
            JsonNode data = api.client.get(items, TestTokensFor.user(USER)).json().get("data");
            assertThat(data.findValuesAsText("type")).containsExactly("message", "message", "tool_call");
            assertThat(data.get(2).get("status").asText()).isEqualTo("ok");
            assertThat(data.get(2).get("output").get("id").asInt()).isEqualTo(7);

            PublishResult reply = publish(publisher, new MessageCreated(id(), USER, conversation, Instant.now(), "m3",
                    Role.ASSISTANT, "Milk is on your list."));
            ApiClient.Reply chat = api.client.get("/v1/conversations/" + conversation
                    + "/items?format=chat_completions&order=desc&limit=10&consistent_with=" + reply.token().encode(),
                    TestTokensFor.user(USER));
            assertThat(chat.status()).isEqualTo(200);
            JsonNode messages = chat.json().get("messages");
            assertThat(messages.findValuesAsText("role")).containsExactly("user", "assistant", "tool", "assistant");
            assertThat(messages.get(1).get("tool_calls").get(0).get("function").get("arguments").asText())
                    .isEqualTo("{\"title\": \"milk\"}");
            assertThat(messages.get(3).get("content").asText()).isEqualTo("Milk is on your list.");

            String consistent = "&consistent_with=" + reply.token().encode();
            // the worker's search indexer makes applied messages searchable shortly after
            JsonNode found = await().atMost(Duration.ofSeconds(30)).until(
                    () -> api.client.get("/v1/search?q=milk" + consistent, TestTokensFor.user(USER)).json(),
                    page -> page.get("data").size() == 2);
            assertThat(found.get("data").findValuesAsText("message_id")).containsExactly("m3", "m1");
            assertThat(found.get("data").get(0).get("snippet").asText()).contains("<mark>Milk</mark>");
            JsonNode calls = api.client.get("/v1/tool_calls?arguments_contains="
                    + FindIT.encode("{\"title\": \"milk\"}") + consistent, TestTokensFor.user(USER)).json();
            assertThat(calls.get("data").findValuesAsText("tool_call_id")).containsExactly("call_1");
            assertThat(calls.get("data").get(0).get("conversation_id").asText()).isEqualTo(conversation);
            JsonNode anthropic = api.client.get("/v1/conversations/" + conversation
                    + "/items?format=anthropic_messages" + consistent, TestTokensFor.user(USER)).json();
            assertThat(anthropic.get("messages").findValuesAsText("role"))
                    .containsExactly("user", "assistant", "user", "assistant");
            assertThat(worker.isRunning()).isTrue();
        }
    }

    @Test
    void answers503WithRetryAfterForAWriteTheWorkerCannotHaveApplied(TestDatabase database) {
        try (RunningApi api = RunningApi.start(database)) {
            api.rows.conversation(USER, "c", "chat", HistoryRows.T0, 0);
            String farAhead = new dev.chatlog.publish.ConsistencyToken(0, Long.MAX_VALUE - 1).encode();
            ApiClient.Reply reply = api.client.get("/v1/conversations/c?wait_ms=200&consistent_with=" + farAhead,
                    TestTokensFor.user(USER));
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isEqualTo("1");
            assertThat(RequestValidationIT.problem(reply).get("type").asText())
                    .isEqualTo("urn:chatlog:problem:not-yet-consistent");
            assertThat(reply.body()).doesNotContain("item_count");
        }
    }

    private static PublishResult publish(ChatEventPublisher publisher, ChatEvent event) throws Exception {
        return publisher.publish(event).get();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
