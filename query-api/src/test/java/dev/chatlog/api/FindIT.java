package dev.chatlog.api;

import static dev.chatlog.api.HistoryRows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tool calls across a user's conversations, and full-text search of messages, on real PostgreSQL. */
@ExtendWith(ChatlogServersExtension.class)
class FindIT {

    static final String EVA = Users.id("eva");
    static RunningApi api;

    @BeforeAll
    static void start(TestDatabase database) {
        api = RunningApi.start(database);
        HistoryRows rows = api.rows;
        rows.conversation(EVA, "tasks", "tasks", T0.plusSeconds(10), 6);
        rows.message(EVA, "tasks", 1, "m1", "user", "Please add task seven: call the dentist \"today\" & 5 < 7");
        rows.message(EVA, "tasks", 2, "m2", "assistant", "Adding the dentist task.");
        rows.toolCall(EVA, "tasks", 3, "call_a", "m2", "add_task", "{\"task_id\": 7, \"title\": \"dentist\"}", "ok",
                "{\"id\": 7, \"tags\": [\"health\", \"teeth\"]}", null);
        rows.toolCall(EVA, "tasks", 4, "call_b", "m2", "list_tasks", "{}", "pending", null, null);
        rows.toolCall(EVA, "tasks", 5, "call_c", "m2", "complete_task", "{\"task_id\": 7}", "error", null, "no such task");
        rows.message(EVA, "tasks", 6, "m3", "assistant", "Voilà, c'est fait. Ärger mit dem Zahnarzt vermieden.");
        rows.conversation(EVA, "more", "more", T0.plusSeconds(10), 4);
        rows.message(EVA, "more", 1, "m1", "user", "Remind me to buy milk");
        rows.toolCall(EVA, "more", 2, "call_d", "m1", "add_task", "{\"task_id\": 8, \"title\": \"milk\"}", "ok",
                "{\"id\": 8}", null);
        rows.toolCall(EVA, "more", 3, "call_e", "m1", "add_task", "{\"task_id\": 9, \"title\": \"bread\"}", "ok",
                "\"added\"", null);
        rows.message(EVA, "more", 4, "m2", "system", "You manage the dentist's tasks");
        rows.conversation(EVA, "gone", "deleted", T0.plusSeconds(10), 2);
        rows.message(EVA, "gone", 1, "m1", "user", "dentist appointment, deleted chat");
        rows.toolCall(EVA, "gone", 2, "call_f", "m1", "add_task", "{\"task_id\": 7}", "ok", "{\"id\": 7}", null);
        rows.delete(EVA, "gone");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void listsToolCallsOfEveryConversationNewestFirstWithTheirConversation() {
        JsonNode data = HistoryIT.getFrom(api, "/v1/tool_calls", EVA).get("data");
        assertThat(keys(data)).containsExactly("tasks/5", "tasks/4", "tasks/3", "more/3", "more/2");
        JsonNode first = data.get(0);
        assertThat(first.get("type").asText()).isEqualTo("tool_call");
        assertThat(first.get("tool_call_id").asText()).isEqualTo("call_c");
        assertThat(first.get("status").asText()).isEqualTo("error");
        assertThat(first.get("error").asText()).isEqualTo("no such task");
        assertThat(first.get("arguments").get("task_id").asInt()).isEqualTo(7);
        assertThat(keys(HistoryIT.getFrom(api, "/v1/tool_calls?order=asc", EVA).get("data")))
                .containsExactly("more/2", "more/3", "tasks/3", "tasks/4", "tasks/5");
    }

    @Test
    void filtersToolCallsByNameStatusConversationAndTime() {
        assertThat(keys(toolCalls("name=add_task"))).containsExactly("tasks/3", "more/3", "more/2");
        assertThat(keys(toolCalls("status=pending"))).containsExactly("tasks/4");
        assertThat(keys(toolCalls("status=error"))).containsExactly("tasks/5");
        assertThat(keys(toolCalls("status=ok"))).containsExactly("tasks/3", "more/3", "more/2");
        assertThat(keys(toolCalls("conversation_id=more"))).containsExactly("more/3", "more/2");
        assertThat(keys(toolCalls("name=add_task&conversation_id=tasks&status=ok"))).containsExactly("tasks/3");
        String since = T0.plusSeconds(3).toString();
        String until = T0.plusSeconds(5).toString();
        assertThat(keys(toolCalls("since=" + since + "&until=" + until))).containsExactly("tasks/4", "tasks/3", "more/3");
        assertThat(keys(toolCalls("since=" + encode("2025-06-01T12:00:03.123456+02:00")))).isEqualTo(keys(toolCalls("since=" + since)));
        assertThat(keys(toolCalls("conversation_id=gone"))).isEmpty();
    }

    @Test
    void filtersToolCallsByJsonContainmentOfArgumentsAndOutput() {
        assertThat(keys(toolCalls("arguments_contains=" + encode("{\"task_id\": 7}")))).containsExactly("tasks/5", "tasks/3");
        assertThat(keys(toolCalls("arguments_contains=" + encode("{\"task_id\": 7.0}")))).containsExactly("tasks/5", "tasks/3");
        assertThat(keys(toolCalls("arguments_contains=" + encode("{\"task_id\": \"7\"}")))).isEmpty();
        assertThat(keys(toolCalls("output_contains=" + encode("{\"tags\": [\"teeth\"]}")))).containsExactly("tasks/3");
        assertThat(keys(toolCalls("output_contains=" + encode("{\"id\": 8}") + "&arguments_contains="
                + encode("{\"title\": \"milk\"}")))).containsExactly("more/2");
        assertThat(keys(toolCalls("output_contains=" + encode("{\"id\": 8}") + "&arguments_contains="
                + encode("{\"title\": \"bread\"}")))).isEmpty();
        assertThat(keys(toolCalls("name=complete_task&arguments_contains=" + encode("{\"task_id\": 7}"))))
                .containsExactly("tasks/5");
    }

    @Test
    void walksToolCallsPageByPageBothWaysWithoutLosingOrRepeatingOne() {
        List<String> forward = new ArrayList<>();
        JsonNode page = HistoryIT.getFrom(api, "/v1/tool_calls?limit=2", EVA);
        forward.addAll(keys(page.get("data")));
        List<String> lastIds = new ArrayList<>();
        while (page.get("has_more").asBoolean()) {
            lastIds.add(page.get("last_id").asText());
            page = HistoryIT.getFrom(api, "/v1/tool_calls?limit=2&after=" + page.get("last_id").asText(), EVA);
            forward.addAll(keys(page.get("data")));
        }
        assertThat(forward).containsExactly("tasks/5", "tasks/4", "tasks/3", "more/3", "more/2");
        JsonNode before = HistoryIT.getFrom(api, "/v1/tool_calls?limit=2&before=" + page.get("first_id").asText(), EVA);
        assertThat(keys(before.get("data"))).containsExactly("tasks/3", "more/3");
        assertThat(before.get("has_more").asBoolean()).isTrue();
    }

    @Test
    void refusesBadToolCallFiltersNamingTheParameter() {
        assertRefused("/v1/tool_calls?arguments_contains=" + encode("{\"task_id\": "), "arguments_contains");
        assertRefused("/v1/tool_calls?arguments_contains=" + encode("[1, 2]"), "arguments_contains");
        assertRefused("/v1/tool_calls?output_contains=" + encode("\"ok\""), "output_contains");
        assertRefused("/v1/tool_calls?output_contains=" + encode("{}"), "output_contains");
        assertRefused("/v1/tool_calls?arguments_contains=" + encode("{\"a\": 1, \"a\": 2}"), "arguments_contains");
        assertRefused("/v1/tool_calls?arguments_contains=" + encode("{\"a\": \"\\u0000\"}"), "arguments_contains");
        assertRefused("/v1/tool_calls?arguments_contains=" + encode("{\"a\": 1} {}"), "arguments_contains");
        assertRefused("/v1/tool_calls?status=done", "status");
        assertRefused("/v1/tool_calls?name=" + encode("add task"), "name");
        assertRefused("/v1/tool_calls?since=yesterday", "since");
        assertRefused("/v1/tool_calls?until=2026-13-01T00:00:00Z", "until");
        assertRefused("/v1/tool_calls?conversation_id=" + "c".repeat(129), "conversation_id");
        String itemCursor = HistoryIT.getFrom(api, "/v1/conversations/tasks/items", EVA).get("last_id").asText();
        assertRefused("/v1/tool_calls?after=" + itemCursor, "after");
        assertRefused("/v1/tool_calls?after=bm9wZQ", "after");
    }

    @Test
    void searchesMessagesNewestFirstWithHtmlEscapedSnippets() {
        JsonNode data = search("q=dentist");
        assertThat(keys(data)).containsExactly("more/4", "tasks/2", "tasks/1");
        JsonNode hit = data.get(2);
        assertThat(hit.get("type").asText()).isEqualTo("message");
        assertThat(hit.get("message_id").asText()).isEqualTo("m1");
        assertThat(hit.get("role").asText()).isEqualTo("user");
        assertThat(hit.get("created_at").asText()).isEqualTo(T0.plusSeconds(1).toString());
        assertThat(hit.get("snippet").asText())
                .contains("<mark>dentist</mark>")
                .contains("<mark>dentist</mark> &quot;today")
                .doesNotContain("\"");
    }

    @Test
    void searchUnderstandsPhrasesExclusionsAndOrAndMatchesWordsOfAnyLanguage() {
        assertThat(keys(search("q=" + encode("\"dentist task\"")))).containsExactly("tasks/2");
        assertThat(keys(search("q=" + encode("dentist -task")))).containsExactly("more/4");
        assertThat(keys(search("q=" + encode("milk or voilà")))).containsExactly("tasks/6", "more/1");
        assertThat(keys(search("q=" + encode("ärger zahnarzt")))).containsExactly("tasks/6");
        assertThat(keys(search("q=" + encode("appointment")))).as("deleted conversations never match").isEmpty();
    }

    @Test
    void searchFiltersByRoleAndConversation() {
        assertThat(keys(search("q=dentist&role=user"))).containsExactly("tasks/1");
        assertThat(keys(search("q=dentist&role=system"))).containsExactly("more/4");
        assertThat(keys(search("q=dentist&conversation_id=tasks"))).containsExactly("tasks/2", "tasks/1");
    }

    @Test
    void searchPagesStayStableWhileNewMessagesArrive() {
        String user = Users.id("pager");
        api.rows.conversation(user, "c", "c", T0.plusSeconds(10), 5);
        for (int seq = 1; seq <= 5; seq++) {
            api.rows.message(user, "c", seq, "m" + seq, "user", "note number " + seq);
        }
        JsonNode first = HistoryIT.getFrom(api, "/v1/search?q=note&limit=2", user);
        assertThat(keys(first.get("data"))).containsExactly("c/5", "c/4");
        api.rows.message(user, "c", 6, "m6", "user", "note number 6");
        List<String> rest = new ArrayList<>();
        JsonNode page = first;
        while (page.get("has_more").asBoolean()) {
            page = HistoryIT.getFrom(api, "/v1/search?q=note&limit=2&after=" + page.get("last_id").asText(), user);
            rest.addAll(keys(page.get("data")));
        }
        assertThat(rest).containsExactly("c/3", "c/2", "c/1");
    }

    @Test
    void refusesBadSearchesNamingTheParameter() {
        assertRefused("/v1/search", "q");
        assertRefused("/v1/search?q=" + encode("  "), "q");
        assertRefused("/v1/search?q=" + encode("!!! ---"), "q");
        assertRefused("/v1/search?q=" + "a".repeat(1001), "q");
        assertRefused("/v1/search?q=a&role=tool", "role");
        assertRefused("/v1/search?q=a&order=asc", "order");
        String toolCallCursor = HistoryIT.getFrom(api, "/v1/tool_calls?limit=1", EVA).get("last_id").asText();
        assertRefused("/v1/search?q=a&after=" + toolCallCursor, "after");
    }

    private static JsonNode toolCalls(String query) {
        return HistoryIT.getFrom(api, "/v1/tool_calls?limit=100&" + query, EVA).get("data");
    }

    private static JsonNode search(String query) {
        return HistoryIT.getFrom(api, "/v1/search?limit=100&" + query, EVA).get("data");
    }

    private static void assertRefused(String path, String parameter) {
        ApiClient.Reply reply = api.client.get(path, TestTokensFor.user(EVA));
        assertThat(reply.status()).as(path + " answered " + reply.body()).isEqualTo(400);
        JsonNode problem = RequestValidationIT.problem(reply);
        assertThat(problem.get("invalid_params").findValuesAsText("name")).as(path).containsExactly(parameter);
    }

    /** conversation/seq of each entry. */
    static List<String> keys(JsonNode data) {
        List<String> keys = new ArrayList<>();
        data.forEach(n -> keys.add(n.get("conversation_id").asText() + "/" + n.get("seq").asLong()));
        return keys;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
