package dev.chatlog.api;

import static dev.chatlog.api.HistoryRows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** format=chat_completions through the API: the message shapes and the window of the last items. */
@ExtendWith(ChatlogServersExtension.class)
class ChatCompletionsIT {

    static final String DAVE = Users.id("dave");
    static RunningApi api;

    @BeforeAll
    static void start(TestDatabase database) {
        api = RunningApi.start(database);
        HistoryRows rows = api.rows;
        rows.conversation(DAVE, "tools", "two calls", T0.plusSeconds(1), 6);
        rows.message(DAVE, "tools", 1, "m1", "user", "Add milk and eggs");
        rows.message(DAVE, "tools", 2, "m2", "assistant", "Adding both.");
        rows.toolCall(DAVE, "tools", 3, "call_a", "m2", "add_task", "{\"title\": \"milk\"}", "ok", "{\"id\": 1}", null);
        rows.toolCall(DAVE, "tools", 4, "call_b", "m2", "add_task", "{\"title\": \"eggs\"}", "error", null, "duplicate");
        rows.toolCall(DAVE, "tools", 5, "call_c", "m2", "list_tasks", "{}", "pending", null, null);
        rows.message(DAVE, "tools", 6, "m3", "assistant", "Added milk; eggs failed.");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void servesTheHistoryAsChatCompletionsMessages() {
        JsonNode page = items("format=chat_completions");
        JsonNode messages = page.get("messages");
        assertThat(messages.findValuesAsText("role")).containsExactly("user", "assistant", "tool", "tool", "assistant");
        JsonNode assistant = messages.get(1);
        assertThat(assistant.get("content").asText()).isEqualTo("Adding both.");
        assertThat(assistant.get("tool_calls")).hasSize(2);
        JsonNode call = assistant.get("tool_calls").get(0);
        assertThat(call.get("id").asText()).isEqualTo("call_a");
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("function").get("name").asText()).isEqualTo("add_task");
        assertThat(call.get("function").get("arguments").isTextual()).isTrue();
        assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"title\": \"milk\"}");
        assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("{\"id\": 1}");
        assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("call_b");
        assertThat(messages.get(3).get("content").asText()).isEqualTo("duplicate");
        assertThat(messages.get(4).has("tool_calls")).isFalse();
        assertThat(messages.get(0).has("tool_call_id")).isFalse();
        assertThat(page.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void aWindowOfTheLastItemsNeverStartsWithResultsOfACallItCutOff() {
        for (int last : new int[] {3, 4}) {
            JsonNode window = items("format=chat_completions&order=desc&limit=" + last);
            assertThat(window.get("messages").findValuesAsText("role")).as("last %d", last).containsExactly("assistant");
            assertThat(window.get("messages").get(0).get("content").asText()).isEqualTo("Added milk; eggs failed.");
            assertThat(window.get("has_more").asBoolean()).isTrue();
            JsonNode older = items("order=desc&after=" + window.get("first_id").asText());
            assertThat(HistoryIT.seqs(older.get("data"))).containsExactly(5L, 4L, 3L, 2L, 1L);
        }
        JsonNode five = items("format=chat_completions&order=desc&limit=5");
        assertThat(five.get("messages").findValuesAsText("role")).containsExactly("assistant", "tool", "tool", "assistant");
    }

    @Test
    void servesTheHistoryAsAnthropicMessagesWithToolUseAndToolResultBlocks() {
        JsonNode page = items("format=anthropic_messages");
        JsonNode messages = page.get("messages");
        assertThat(page.get("system").isNull()).isTrue();
        assertThat(messages.findValuesAsText("role")).containsExactly("user", "assistant", "user", "assistant");
        assertThat(messages.get(0).get("content").get(0).get("type").asText()).isEqualTo("text");
        assertThat(messages.get(0).get("content").get(0).get("text").asText()).isEqualTo("Add milk and eggs");
        JsonNode assistant = messages.get(1).get("content");
        assertThat(assistant.findValuesAsText("type")).containsExactly("text", "tool_use", "tool_use");
        assertThat(assistant.get(1).get("id").asText()).isEqualTo("call_a");
        assertThat(assistant.get(1).get("name").asText()).isEqualTo("add_task");
        assertThat(assistant.get(1).get("input").get("title").asText()).isEqualTo("milk");
        JsonNode results = messages.get(2).get("content");
        assertThat(results.findValuesAsText("type")).containsExactly("tool_result", "tool_result");
        assertThat(results.get(0).get("tool_use_id").asText()).isEqualTo("call_a");
        assertThat(results.get(0).get("content").asText()).isEqualTo("{\"id\": 1}");
        assertThat(results.get(0).get("is_error").asBoolean()).isFalse();
        assertThat(results.get(1).get("tool_use_id").asText()).isEqualTo("call_b");
        assertThat(results.get(1).get("content").asText()).isEqualTo("duplicate");
        assertThat(results.get(1).get("is_error").asBoolean()).isTrue();
        assertThat(page.toString()).as("the pending call is left out").doesNotContain("call_c");
    }

    @Test
    void anAnthropicWindowFollowsTheSameRuleAsChatCompletions() {
        for (int last : new int[] {3, 4}) {
            JsonNode window = items("format=anthropic_messages&order=desc&limit=" + last);
            assertThat(window.get("messages").findValuesAsText("role")).as("last %d", last).containsExactly("assistant");
            assertThat(window.get("first_id").asText())
                    .isEqualTo(items("format=chat_completions&order=desc&limit=" + last).get("first_id").asText());
        }
        JsonNode five = items("format=anthropic_messages&order=desc&limit=5");
        assertThat(five.get("messages").findValuesAsText("role")).containsExactly("assistant", "user", "assistant");
    }

    private static JsonNode items(String query) {
        return HistoryIT.getFrom(api, "/v1/conversations/tools/items?" + query, DAVE);
    }
}
