package dev.chatlog.api;

import static dev.chatlog.api.HistoryRows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.publish.ConsistencyToken;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** User A must not learn anything of user B's history, whichever endpoint and parameters A uses. */
@ExtendWith(ChatlogServersExtension.class)
class IsolationIT {

    static final String A = Users.id("anna");
    static final String B = Users.id("bert");
    static final String B_SECRET = "bert's secret";
    static RunningApi api;

    @BeforeAll
    static void start(TestDatabase database) {
        api = RunningApi.start(database);
        HistoryRows rows = api.rows;
        rows.conversation(A, "a-only", "anna's chat", T0.plusSeconds(10), 1);
        rows.message(A, "a-only", 1, "m1", "user", "anna's words");
        rows.toolCall(A, "a-only", 2, "call_a", "m1", "add_task", "{\"title\": \"anna's\"}", "ok", "{\"id\": 1}", null);
        rows.conversation(A, "same-id", "anna's same-id", T0.plusSeconds(5), 1);
        rows.message(A, "same-id", 1, "m1", "user", "anna in same-id");
        rows.conversation(B, "b-only", B_SECRET, T0.plusSeconds(20), 2);
        rows.message(B, "b-only", 1, "m1", "user", B_SECRET);
        rows.toolCall(B, "b-only", 2, "call_b", "m1", "add_task", "{\"title\": \"" + B_SECRET + "\"}", "ok",
                "{\"secret\": \"" + B_SECRET + "\"}", null);
        rows.conversation(B, "same-id", B_SECRET, T0.plusSeconds(30), 3);
        rows.message(B, "same-id", 1, "m1", "user", B_SECRET);
        rows.message(B, "same-id", 2, "m2", "assistant", B_SECRET);
        rows.message(B, "same-id", 3, "m3", "user", B_SECRET);
        rows.appliedOffset("chat.events", 0, 100);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void answersNotFoundForAnotherUsersConversationOnEveryEndpointAndFormat() {
        for (String path : List.of("/v1/conversations/b-only", "/v1/conversations/b-only/items",
                "/v1/conversations/b-only/items?format=chat_completions",
                "/v1/conversations/b-only/items?order=desc&limit=100",
                "/v1/conversations/b-only?consistent_with=" + new ConsistencyToken(0, 5).encode())) {
            ApiClient.Reply reply = api.client.get(path, TestTokensFor.user(A));
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.body()).doesNotContain(B_SECRET).doesNotContain("bert");
        }
    }

    @Test
    void answersTheSameNotFoundAsForAConversationThatDoesNotExist() {
        ApiClient.Reply others = api.client.get("/v1/conversations/b-only", TestTokensFor.user(A));
        ApiClient.Reply missing = api.client.get("/v1/conversations/b-onlz", TestTokensFor.user(A));
        assertThat(others.body().replace("b-only", "ID")).isEqualTo(missing.body().replace("b-onlz", "ID"));
    }

    @Test
    void listsOnlyTheTokenUsersConversations() {
        JsonNode page = HistoryIT.getFrom(api, "/v1/conversations?limit=100", A);
        assertThat(HistoryIT.ids(page.get("data"))).containsExactly("a-only", "same-id");
        assertThat(page.toString()).doesNotContain(B_SECRET);
        JsonNode oldestFirst = HistoryIT.getFrom(api, "/v1/conversations?order=asc", A);
        assertThat(HistoryIT.ids(oldestFirst.get("data"))).containsExactly("same-id", "a-only");
    }

    @Test
    void showsTheTokenUsersOwnConversationWhenBothUseTheSameId() {
        JsonNode conversation = HistoryIT.getFrom(api, "/v1/conversations/same-id", A);
        assertThat(conversation.get("title").asText()).isEqualTo("anna's same-id");
        JsonNode items = HistoryIT.getFrom(api, "/v1/conversations/same-id/items?order=desc&limit=100", A);
        assertThat(items.get("data")).hasSize(1);
        assertThat(items.toString()).doesNotContain(B_SECRET);
        JsonNode chat = HistoryIT.getFrom(api, "/v1/conversations/same-id/items?format=chat_completions", A);
        assertThat(chat.get("messages")).hasSize(1);
        assertThat(chat.toString()).doesNotContain(B_SECRET);
    }

    @Test
    void cursorsTakenFromAnotherUsersPagesShowOnlyTheTokenUsersRows() {
        JsonNode bertsPage = HistoryIT.getFrom(api, "/v1/conversations?limit=1", B);
        String bertsCursor = bertsPage.get("last_id").asText();
        for (String query : List.of("after=" + bertsCursor, "before=" + bertsCursor,
                "after=" + forgedConversationCursor(T0.plusSeconds(1_000), "zzz"),
                "order=asc&after=" + forgedConversationCursor(T0.minusSeconds(1_000), "a"))) {
            JsonNode page = HistoryIT.getFrom(api, "/v1/conversations?" + query, A);
            assertThat(page.toString()).as(query).doesNotContain(B_SECRET);
            assertThat(HistoryIT.ids(page.get("data"))).isSubsetOf("a-only", "same-id");
        }
        JsonNode bertsItems = HistoryIT.getFrom(api, "/v1/conversations/same-id/items?limit=1", B);
        for (String query : List.of("after=" + bertsItems.get("last_id").asText(), "before=" + forgedItemCursor(99),
                "order=desc&after=" + forgedItemCursor(99), "format=chat_completions&before=" + forgedItemCursor(99))) {
            JsonNode page = HistoryIT.getFrom(api, "/v1/conversations/same-id/items?" + query, A);
            assertThat(page.toString()).as(query).doesNotContain(B_SECRET);
        }
    }

    @Test
    void aSubjectThatLooksLikeSqlIsRefusedAndOneOfPunctuationSeesNothing() {
        for (String subject : List.of("' OR '1'='1", "%", "_%")) {
            assertThat(api.client.get("/v1/conversations", TestTokensFor.user(subject)).status()).as(subject)
                    .isEqualTo(401);
        }
        JsonNode punctuation = HistoryIT.getFrom(api, "/v1/conversations", "_|=:.+@-");
        assertThat(punctuation.get("data")).isEmpty();
    }

    @Test
    void toolCallsAcrossConversationsShowOnlyTheTokenUsersCallsWhateverTheFilter() {
        for (String query : List.of("", "name=add_task", "status=ok", "conversation_id=b-only", "conversation_id=same-id",
                "arguments_contains=" + FindIT.encode("{\"title\": \"" + B_SECRET + "\"}"),
                "output_contains=" + FindIT.encode("{\"secret\": \"" + B_SECRET + "\"}"),
                "after=" + forgedTimedCursor("t1:", T0.plusSeconds(1_000), "zzz", 99),
                "order=asc&after=" + forgedTimedCursor("t1:", T0.minusSeconds(1_000), "a", 0))) {
            JsonNode page = HistoryIT.getFrom(api, "/v1/tool_calls?" + query, A);
            assertThat(page.toString()).as(query).doesNotContain(B_SECRET).doesNotContain("call_b");
            page.get("data").forEach(call -> assertThat(call.get("tool_call_id").asText()).isEqualTo("call_a"));
        }
        assertThat(HistoryIT.getFrom(api, "/v1/tool_calls?arguments_contains="
                + FindIT.encode("{\"title\": \"" + B_SECRET + "\"}"), B).get("data")).hasSize(1);
    }

    @Test
    void searchFindsOnlyTheTokenUsersMessages() {
        for (String query : List.of("q=" + FindIT.encode(B_SECRET), "q=bert", "q=secret&conversation_id=same-id",
                "q=secret&conversation_id=b-only", "q=secret&role=assistant",
                "q=secret&after=" + forgedTimedCursor("s1:", T0.plusSeconds(1_000), "zzz", 99))) {
            JsonNode page = HistoryIT.getFrom(api, "/v1/search?" + query, A);
            assertThat(page.get("data")).as(query).isEmpty();
            assertThat(page.toString()).as(query).doesNotContain(B_SECRET);
        }
        assertThat(HistoryIT.getFrom(api, "/v1/search?q=secret", B).get("data")).hasSize(4);
        assertThat(HistoryIT.getFrom(api, "/v1/search?q=anna", A).get("data")).hasSize(2);
    }

    @Test
    void aConsistencyTokenOnlyWaitsAndRevealsNoRows() {
        String token = new ConsistencyToken(0, 99).encode();
        JsonNode page = HistoryIT.getFrom(api, "/v1/conversations?consistent_with=" + token, A);
        assertThat(HistoryIT.ids(page.get("data"))).containsExactly("a-only", "same-id");
        ApiClient.Reply items = api.client.get("/v1/conversations/b-only/items?consistent_with=" + token,
                TestTokensFor.user(A));
        assertThat(items.status()).isEqualTo(404);
    }

    static String forgedConversationCursor(java.time.Instant at, String id) {
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
        return base64("c1:" + micros + ":" + id);
    }

    static String forgedTimedCursor(String prefix, java.time.Instant at, String conversationId, long seq) {
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
        return base64(prefix + micros + ":" + seq + ":" + conversationId);
    }

    static String forgedItemCursor(long seq) {
        return base64("i1:" + seq);
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
