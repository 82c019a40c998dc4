package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Every client error is an application/problem+json that names what was wrong. */
@ExtendWith(ChatlogServersExtension.class)
class RequestValidationIT {

    static final String USER = Users.id("validator");
    static RunningApi api;
    static String itemCursor;

    @BeforeAll
    static void start(TestDatabase database) {
        api = RunningApi.start(database);
        api.rows.conversation(USER, "c", "chat", HistoryRows.T0, 2);
        api.rows.message(USER, "c", 1, "m1", "user", "hi");
        api.rows.message(USER, "c", 2, "m2", "assistant", "hello");
        itemCursor = HistoryIT.getFrom(api, "/v1/conversations/c/items?limit=1", USER).get("last_id").asText();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void namesTheParameterOfEveryInvalidValue() {
        String conversationCursor = HistoryIT.getFrom(api, "/v1/conversations", USER).get("last_id").asText();
        Object[][] cases = {
                {"/v1/conversations?limit=0", "limit"},
                {"/v1/conversations?limit=101", "limit"},
                {"/v1/conversations?limit=ten", "limit"},
                {"/v1/conversations?limit=", "limit"},
                {"/v1/conversations?order=newest", "order"},
                {"/v1/conversations?after=not-a-cursor", "after"},
                {"/v1/conversations?before=%25%25", "before"},
                {"/v1/conversations?after=" + itemCursor, "after"},
                {"/v1/conversations/c/items?after=" + conversationCursor, "after"},
                {"/v1/conversations/c/items?before=aTE6LTE", "before"},
                {"/v1/conversations/c/items?after=" + itemCursor + "&before=" + itemCursor, "before"},
                {"/v1/conversations/c/items?format=xml", "format"},
                {"/v1/conversations/c/items?wait_ms=-1", "wait_ms"},
                {"/v1/conversations/c/items?wait_ms=10001", "wait_ms"},
                {"/v1/conversations/c/items?consistent_with=bogus", "consistent_with"},
                {"/v1/conversations/c?consistent_with=", "consistent_with"},
                {"/v1/conversations/c?limit=5", "limit"},
                {"/v1/conversations?user_id=someone-else", "user_id"},
                {"/v1/conversations?limit=5&limit=6", "limit"},
                {"/v1/conversations/" + "x".repeat(129), "id"},
                {"/v1/conversations/" + "x".repeat(129) + "/items", "id"},
        };
        for (Object[] c : cases) {
            ApiClient.Reply reply = api.client.get((String) c[0], TestTokensFor.user(USER));
            assertThat(reply.status()).as("%s: %s", c[0], reply.body()).isEqualTo(400);
            JsonNode problem = problem(reply);
            assertThat(problem.get("type").asText()).isEqualTo("urn:chatlog:problem:invalid-parameter");
            assertThat(names(problem)).as((String) c[0]).contains((String) c[1]);
        }
    }

    @Test
    void namesEveryInvalidParameterAtOnce() {
        ApiClient.Reply reply = api.client.get("/v1/conversations/c/items?limit=0&order=sideways&format=xml&wait_ms=x",
                TestTokensFor.user(USER));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(names(problem(reply))).containsExactlyInAnyOrder("limit", "order", "format", "wait_ms");
    }

    @Test
    void answersNotFoundForUnknownPaths() {
        for (String path : List.of("/", "/v1", "/v1/conversation", "/v1/conversations/c/items/1", "/v2/conversations",
                "/v1/conversations/", "/health", "/metrics/x")) {
            ApiClient.Reply reply = api.client.get(path, TestTokensFor.user(USER));
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(problem(reply).get("type").asText()).isEqualTo("urn:chatlog:problem:not-found");
        }
    }

    @Test
    void answersMethodNotAllowedWithTheAllowedMethods() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            for (String path : List.of("/v1/conversations", "/v1/conversations/c", "/v1/conversations/c/items",
                    "/health/ready", "/openapi.json")) {
                ApiClient.Reply reply = api.client.send(method, path, "Bearer " + TestTokensFor.user(USER));
                assertThat(reply.status()).as(method + " " + path).isEqualTo(405);
                assertThat(reply.header("Allow")).isEqualTo("GET");
                assertThat(problem(reply).get("status").asInt()).isEqualTo(405);
            }
        }
        ApiClient.Reply head = api.client.send("HEAD", "/v1/conversations", null);
        assertThat(head.status()).isEqualTo(405);
    }

    @Test
    void answersUnauthorizedBeforeLookingAtParameters() {
        ApiClient.Reply reply = api.client.get("/v1/conversations?limit=0", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(problem(reply).get("type").asText()).isEqualTo("urn:chatlog:problem:unauthorized");
    }

    /** The inputs that answered 500 with a stack trace before identifiers, cursors and subjects were checked. */
    @Test
    void answersEveryMalformedIdCursorAndSubjectWithA4xxAndLogsNoStackTrace() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        try {
            Object[][] cases = {
                    {"/v1/conversations/%00", "id"},
                    {"/v1/conversations/a%00b/items", "id"},
                    {"/v1/conversations/x%ED%A0%80", "id"},
                    {"/v1/conversations/%C3%A9t%C3%A9", "id"},
                    {"/v1/conversations/a%20b/items", "id"},
                    {"/v1/conversations?after=" + cursor("c1:0:a\u0000b"), "after"},
                    {"/v1/conversations?after=" + cursor("c1:-9000000000000000000:x"), "after"},
                    {"/v1/conversations?before=" + cursor("c1:9223372036854775807:x"), "before"},
                    {"/v1/conversations?after=" + cursor("c1:0:x\ud800"), "after"},
                    {"/v1/conversations/c/items?after=" + cursor("i1:\u00001"), "after"},
                    {"/v1/conversations/c/items?after=" + cursor("i1:-9223372036854775808"), "after"},
                    {"/v1/conversations?after=%00", "after"},
                    {"/v1/conversations/c?consistent_with=%00", "consistent_with"},
                    {"/v1/conversations/c/items?format=%00", "format"},
            };
            for (Object[] c : cases) {
                ApiClient.Reply reply = api.client.get((String) c[0], TestTokensFor.user(USER));
                assertThat(reply.status()).as("%s: %s", c[0], reply.body()).isEqualTo(400);
                assertThat(names(problem(reply))).as((String) c[0]).contains((String) c[1]);
            }
            for (String subject : List.of("\"a\\u0000b\"", "\"x\\ud800\"", "\"\\udc00x\"", "12345", "\"\"",
                    "\"" + "u".repeat(129) + "\"", "\"a/b\"")) {
                ApiClient.Reply reply = api.client.get("/v1/conversations",
                        TestTokens.hs256Payload(TestTokens.payloadWithSubject(subject)));
                assertThat(reply.status()).as(subject).isEqualTo(401);
                assertThat(reply.header("WWW-Authenticate")).as(subject).contains("invalid_token").contains("sub");
            }
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).as("log lines at WARN or above, or with a stack trace")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null);
    }

    @Test
    void refusesTwoAuthorizationHeadersWith400() throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + api.server.port() + "/v1/conversations"))
                .header("Authorization", "Bearer " + TestTokensFor.user(USER))
                .header("Authorization", "Bearer " + TestTokensFor.user(Users.id("someone")))
                .GET().build();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"name\":\"Authorization\"").contains("more than once");
    }

    static String cursor(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static JsonNode problem(ApiClient.Reply reply) {
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(reply.status());
        return problem;
    }

    static List<String> names(JsonNode problem) {
        List<String> names = new ArrayList<>();
        problem.path("invalid_params").forEach(p -> names.add(p.get("name").asText()));
        return names;
    }
}
