package dev.chatlog.api;

import static dev.chatlog.api.HistoryRows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ChatlogServersExtension.class)
class HistoryIT {

    static final String ALICE = Users.id("alice");
    static final String CAROL = Users.id("carol");
    static final String DAVE = Users.id("dave");
    /** Dave's conversations by last activity, oldest first: spread over hours, with ties and hour edges. */
    static final List<String> DAVE_OLDEST_FIRST = new ArrayList<>();
    static RunningApi api;

    @BeforeAll
    static void start(TestDatabase database) {
        api = RunningApi.start(database);
        HistoryRows rows = api.rows;
        for (int i = 1; i <= 7; i++) {
            // c3 and c4 share their last activity: the id breaks the tie
            rows.conversation(ALICE, "c" + i, "chat " + i, T0.plusSeconds(i == 4 ? 3 : i), 0);
        }
        rows.conversation(ALICE, "gone", "deleted one", T0.plusSeconds(100), 1);
        rows.message(ALICE, "gone", 1, "m1", "user", "secret of a deleted chat");
        rows.delete(ALICE, "gone");
        rows.conversation(ALICE, "todo", "Groceries", T0.plusSeconds(50), 4);
        rows.message(ALICE, "todo", 1, "m1", "user", "Add milk to my list");
        rows.message(ALICE, "todo", 2, "m2", "assistant", "Adding it.");
        rows.toolCall(ALICE, "todo", 3, "call_1", "m2", "add_task", "{\"title\": \"milk\"}", "ok", "{\"id\": 7}", null);
        rows.message(ALICE, "todo", 4, "m3", "assistant", "Done: milk is on your list.");
        rows.longConversation(CAROL, "long", 2500);
        // Hour by hour, the conversations of an hour's start and end, two sharing one instant.
        Instant hour = Instant.parse("2025-06-01T07:00:00Z");
        for (int h = 0; h < 6; h++) {
            Instant start = hour.plusSeconds(h * 3600L);
            Instant[] times = {start, start, start.plusSeconds(1_800), start.plusSeconds(3_599).plusNanos(999_999_000)};
            for (int k = 0; k < times.length; k++) {
                String id = "h" + h + "-" + k;
                rows.conversation(DAVE, id, id, times[k], 1);
                DAVE_OLDEST_FIRST.add(id);
            }
        }
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void listsConversationsNewestActivityFirstWithoutDeletedOnes() {
        JsonNode page = get("/v1/conversations", ALICE);
        assertThat(ids(page.get("data"))).containsExactly("todo", "c7", "c6", "c5", "c4", "c3", "c2", "c1");
        assertThat(page.get("has_more").asBoolean()).isFalse();
        JsonNode todo = page.get("data").get(0);
        assertThat(todo.get("title").asText()).isEqualTo("Groceries");
        assertThat(todo.get("item_count").asInt()).isEqualTo(4);
        assertThat(todo.get("last_activity_at").asText()).isEqualTo("2025-06-01T10:00:50.123456Z");
        assertThat(todo.get("created_at").asText()).isEqualTo("2025-06-01T10:00:00.123456Z");
    }

    @Test
    void pagesConversationsForwardWithAfterAndBackWithBefore() {
        JsonNode first = get("/v1/conversations?limit=3", ALICE);
        assertThat(ids(first.get("data"))).containsExactly("todo", "c7", "c6");
        assertThat(first.get("has_more").asBoolean()).isTrue();
        JsonNode second = get("/v1/conversations?limit=3&after=" + first.get("last_id").asText(), ALICE);
        assertThat(ids(second.get("data"))).containsExactly("c5", "c4", "c3");
        JsonNode third = get("/v1/conversations?limit=3&after=" + second.get("last_id").asText(), ALICE);
        assertThat(ids(third.get("data"))).containsExactly("c2", "c1");
        assertThat(third.get("has_more").asBoolean()).isFalse();
        JsonNode back = get("/v1/conversations?limit=3&before=" + third.get("first_id").asText(), ALICE);
        assertThat(ids(back.get("data"))).containsExactly("c5", "c4", "c3");
        assertThat(back.get("has_more").asBoolean()).isTrue();
    }

    @Test
    void listsConversationsOldestFirstWithOrderAsc() {
        JsonNode page = get("/v1/conversations?order=asc&limit=4", ALICE);
        assertThat(ids(page.get("data"))).containsExactly("c1", "c2", "c3", "c4");
        JsonNode next = get("/v1/conversations?order=asc&limit=4&after=" + page.get("last_id").asText(), ALICE);
        assertThat(ids(next.get("data"))).containsExactly("c5", "c6", "c7", "todo");
        assertThat(next.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void pagesConversationsActiveInDifferentHoursWithoutAGapOrARepeat() {
        for (int limit : new int[] {1, 3, 5}) {
            assertThat(walkConversations("/v1/conversations?limit=" + limit))
                    .isEqualTo(DAVE_OLDEST_FIRST.reversed());
            assertThat(walkConversations("/v1/conversations?order=asc&limit=" + limit)).isEqualTo(DAVE_OLDEST_FIRST);
        }
    }

    private static List<String> walkConversations(String firstPage) {
        JsonNode page = get(firstPage, DAVE);
        List<String> seen = new ArrayList<>(ids(page.get("data")));
        while (page.get("has_more").asBoolean()) {
            page = get(firstPage + "&after=" + page.get("last_id").asText(), DAVE);
            seen.addAll(ids(page.get("data")));
        }
        return seen;
    }

    @Test
    void returnsOneConversation() {
        JsonNode conversation = get("/v1/conversations/todo", ALICE);
        assertThat(conversation.get("id").asText()).isEqualTo("todo");
        assertThat(conversation.get("title").asText()).isEqualTo("Groceries");
        assertThat(conversation.get("item_count").asInt()).isEqualTo(4);
    }

    @Test
    void answersNotFoundForADeletedConversationAndItsItems() {
        for (String path : List.of("/v1/conversations/gone", "/v1/conversations/gone/items",
                "/v1/conversations/gone/items?format=chat_completions", "/v1/conversations/nothing-here")) {
            ApiClient.Reply reply = api.client.get(path, TestTokensFor.user(ALICE));
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.contentType()).isEqualTo("application/problem+json");
            assertThat(reply.body()).doesNotContain("secret of a deleted chat");
        }
    }

    @Test
    void returnsMessagesAndToolCallsInSeqOrderWithTheirFields() {
        JsonNode page = get("/v1/conversations/todo/items", ALICE);
        JsonNode data = page.get("data");
        assertThat(data).hasSize(4);
        assertThat(data.findValuesAsText("type")).containsExactly("message", "message", "tool_call", "message");
        JsonNode message = data.get(0);
        assertThat(message.get("seq").asLong()).isEqualTo(1);
        assertThat(message.get("message_id").asText()).isEqualTo("m1");
        assertThat(message.get("role").asText()).isEqualTo("user");
        assertThat(message.get("content").asText()).isEqualTo("Add milk to my list");
        assertThat(message.get("created_at").asText()).isEqualTo("2025-06-01T10:00:01.123456Z");
        JsonNode call = data.get(2);
        assertThat(call.get("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(call.get("message_id").asText()).isEqualTo("m2");
        assertThat(call.get("name").asText()).isEqualTo("add_task");
        assertThat(call.get("arguments").get("title").asText()).isEqualTo("milk");
        assertThat(call.get("status").asText()).isEqualTo("ok");
        assertThat(call.get("output").get("id").asInt()).isEqualTo(7);
        assertThat(call.get("error").isNull()).isTrue();
        assertThat(call.get("requested_at").asText()).isEqualTo("2025-06-01T10:00:03.123456Z");
        assertThat(call.get("completed_at").asText()).isEqualTo("2025-06-01T10:00:03.623456Z");
        assertThat(page.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void ordersItemsNewestFirstWithOrderDesc() {
        JsonNode page = get("/v1/conversations/todo/items?order=desc&limit=3", ALICE);
        assertThat(seqs(page.get("data"))).containsExactly(4L, 3L, 2L);
        assertThat(page.get("has_more").asBoolean()).isTrue();
    }

    @Test
    void answersAnEmptyPageForAConversationWithoutItems() {
        JsonNode page = get("/v1/conversations/c1/items", ALICE);
        assertThat(page.get("data")).isEmpty();
        assertThat(page.get("first_id").isNull()).isTrue();
        assertThat(page.get("last_id").isNull()).isTrue();
        assertThat(page.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void walksThousandsOfItemsForwardAndBackwardWithoutAGapOrARepeat() {
        List<Long> forward = walk("/v1/conversations/long/items?limit=100", "after", "last_id");
        assertThat(forward).hasSize(2500);
        for (int i = 0; i < forward.size(); i++) {
            assertThat(forward.get(i)).isEqualTo(i + 1L);
        }
        List<Long> newestFirst = walk("/v1/conversations/long/items?limit=100&order=desc", "after", "last_id");
        assertThat(newestFirst).isEqualTo(forward.reversed());

        JsonNode last = get("/v1/conversations/long/items?limit=100&order=desc", CAROL);
        List<Long> backward = new ArrayList<>();
        String before = seqCursorOfOldest(last);
        backward.addAll(seqs(last.get("data")).reversed());
        boolean more = last.get("has_more").asBoolean();
        while (more) {
            JsonNode page = get("/v1/conversations/long/items?limit=99&before=" + before, CAROL);
            List<Long> seqs = seqs(page.get("data"));
            assertThat(seqs).isSorted();
            backward.addAll(0, seqs);
            before = page.get("first_id").asText();
            more = page.get("has_more").asBoolean();
        }
        assertThat(backward).isEqualTo(forward);
    }

    private static String seqCursorOfOldest(JsonNode descendingPage) {
        return descendingPage.get("last_id").asText();
    }

    private static List<Long> walk(String firstPage, String cursorParameter, String cursorField) {
        List<Long> seen = new ArrayList<>();
        JsonNode page = get(firstPage, CAROL);
        seen.addAll(seqs(page.get("data")));
        while (page.get("has_more").asBoolean()) {
            page = get(firstPage + "&" + cursorParameter + "=" + page.get(cursorField).asText(), CAROL);
            seen.addAll(seqs(page.get("data")));
        }
        return seen;
    }

    static JsonNode get(String path, String user) {
        return getFrom(api, path, user);
    }

    static JsonNode getFrom(RunningApi api, String path, String user) {
        ApiClient.Reply reply = api.client.get(path, TestTokensFor.user(user));
        assertThat(reply.status()).as("%s answered %s", path, reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/json");
        return reply.json();
    }

    static List<String> ids(JsonNode data) {
        List<String> ids = new ArrayList<>();
        data.forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    static List<Long> seqs(JsonNode data) {
        List<Long> seqs = new ArrayList<>();
        data.forEach(n -> seqs.add(n.get("seq").asLong()));
        return seqs;
    }
}
