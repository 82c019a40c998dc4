package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.api.http.Route;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.Ports;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health, metrics, the OpenAPI document kept true to the route table, and failures that must not leak. */
@ExtendWith(ChatlogServersExtension.class)
class OperationsIT {

    static final String USER = Users.id("operator");
    static RunningApi api;

    @BeforeAll
    static void start(TestDatabase database) {
        api = RunningApi.start(database);
        api.rows.conversation(USER, "c", "chat", HistoryRows.T0, 0);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void isLiveAndReadyWhenTheDatabaseAnswers() {
        ApiClient.Reply live = api.client.get("/health/live", null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("status").asText()).isEqualTo("up");
        assertThat(api.client.get("/health/ready", null).status()).isEqualTo(200);
    }

    @Test
    void isLiveButNotReadyAndAnswers503WhenTheDatabaseIsUnreachable() {
        String unreachable = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/nowhere";
        Map<String, String> env = RunningApi.env(api.database, Map.of("CHATLOG_DB_URL", unreachable,
                "CHATLOG_DB_CONNECTION_TIMEOUT_MS", "250"));
        try (ApiServer down = ApiServer.start(ApiConfig.fromEnv(env))) {
            ApiClient client = new ApiClient(down.port());
            assertThat(client.get("/health/live", null).status()).isEqualTo(200);
            ApiClient.Reply ready = client.get("/health/ready", null);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.header("Retry-After")).isNotBlank();
            ApiClient.Reply read = client.get("/v1/conversations", TestTokensFor.user(USER));
            assertThat(read.status()).isEqualTo(503);
            assertThat(RequestValidationIT.problem(read).get("type").asText())
                    .isEqualTo("urn:chatlog:problem:database-unavailable");
            assertThat(read.body()).doesNotContainIgnoringCase("jdbc").doesNotContain("nowhere").doesNotContain("Exception");
        }
    }

    @Test
    void boundsEveryQueryWithTheStatementTimeoutAndLeaksNoSql() throws Exception {
        try (RunningApi impatient = RunningApi.start(api.database, Map.of("CHATLOG_DB_STATEMENT_TIMEOUT_MS", "200"));
             Connection locker = api.database.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE chatlog.conversations IN ACCESS EXCLUSIVE MODE");
            }
            long start = System.nanoTime();
            ApiClient.Reply reply = impatient.client.get("/v1/conversations", TestTokensFor.user(USER));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            locker.rollback();
            assertThat(reply.status()).isEqualTo(503);
            assertThat(RequestValidationIT.problem(reply).get("type").asText()).isEqualTo("urn:chatlog:problem:query-timeout");
            assertThat(reply.body()).doesNotContainIgnoringCase("select").doesNotContain("canceling").doesNotContain("PSQL");
            assertThat(elapsedMs).isLessThan(2_000);
            assertThat(impatient.client.get("/v1/conversations", TestTokensFor.user(USER)).status()).isEqualTo(200);
        }
    }

    @Test
    void exposesLatencyHistogramsPerRouteAndStatusAndPoolUsage() {
        api.client.get("/v1/conversations/c", TestTokensFor.user(USER));
        api.client.get("/v1/conversations/unknown", TestTokensFor.user(USER));
        ApiClient.Reply metrics = api.client.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/v1/conversations/{id}\",status=\"200\"")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/v1/conversations/{id}\",status=\"404\"}")
                .contains("hikaricp_connections_active{pool=\"chatlog-api\"}")
                .contains("hikaricp_connections_max{pool=\"chatlog-api\"} 4.0");
    }

    @Test
    void withAnOperationsPortServesHealthAndMetricsThereAndOnlyTheApiOnThePublicPort() {
        try (RunningApi split = RunningApi.start(api.database, Map.of("CHATLOG_API_OPS_PORT", "0"))) {
            assertThat(split.server.opsPort()).isPositive().isNotEqualTo(split.server.port());
            ApiClient ops = new ApiClient(split.server.opsPort());
            for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
                assertThat(ops.get(path, null).status()).as("operations port " + path).isEqualTo(200);
                assertThat(split.client.get(path, null).status()).as("public port " + path).isEqualTo(404);
            }
            assertThat(split.client.get("/v1/conversations", TestTokensFor.user(USER)).status()).isEqualTo(200);
            assertThat(split.client.get("/openapi.json", null).status()).isEqualTo(200);
            assertThat(ops.get("/v1/conversations", TestTokensFor.user(USER)).status()).isEqualTo(404);
            assertThat(ops.get("/openapi.json", null).status()).isEqualTo(404);
            assertThat(ops.get("/metrics", null).body())
                    .contains("route=\"/v1/conversations\",status=\"200\"").contains("hikaricp_connections");
        }
    }

    @Test
    void tenThousandMadeUpMethodsAndPathsDoNotGrowTheRequestSeries() throws Exception {
        // each kind of answer once: a made-up method on a route (with and without a path parameter), on no
        // route, and a made-up path
        sendAll(List.of(new String[] {"BREW", "/v1/conversations"}, new String[] {"BREW", "/v1/conversations/c/items"},
                new String[] {"BREW", "/nowhere"}, new String[] {"GET", "/nowhere"}, new String[] {"GET", "/health/live"}));
        int before = requestSeries();
        List<String[]> madeUp = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String method = i % 1000 == 0 ? "M".repeat(2_000) + i : "M" + i;
            String path = switch (i % 4) {
                case 0 -> "/v1/conversations";
                case 2 -> "/v1/conversations/c" + i + "/items";
                default -> "/made/up/" + i + "/" + "p".repeat(i % 300);
            };
            madeUp.add(new String[] {method, path});
            if (i % 3 == 0) {
                madeUp.add(new String[] {"GET", "/made/up/path/" + i});
            }
        }
        sendAll(madeUp);
        String metrics = api.client.get("/metrics", null).body();
        assertThat(requestSeries()).as("series of http_server_requests_seconds").isEqualTo(before);
        // a 405 is labelled with the template its path fits, not with the path
        assertThat(metrics).contains("method=\"OTHER\",route=\"/v1/conversations\",status=\"405\"")
                .contains("method=\"OTHER\",route=\"/v1/conversations/{id}/items\",status=\"405\"")
                .doesNotContain("/v1/conversations/c9998")
                .contains("method=\"OTHER\",route=\"unmatched\",status=\"404\"")
                .doesNotContain("route=\"unmatched\",status=\"405\"")
                .doesNotContain("M9999").doesNotContain("/made/up");
    }

    private static int requestSeries() {
        return (int) api.client.get("/metrics", null).body().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds")).count();
    }

    private static void sendAll(List<String[]> requests) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 16; t++) {
                threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "http://127.0.0.1:" + api.server.port() + requests.get(i)[1]))
                                .method(requests.get(i)[0], java.net.http.HttpRequest.BodyPublishers.noBody()).build();
                        int status = http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                        assertThat(status).isBetween(200, 499);
                        answered.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        assertThat(answered).hasValue(requests.size());
    }

    @Test
    void documentsEveryRouteAndParameterInTheOpenApiDocumentAndNothingElse() {
        ApiClient.Reply reply = api.client.get("/openapi.json", null);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode doc = reply.json();
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        Set<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> documented.add(op.getKey().toUpperCase() + " " + path.getKey())));
        Set<String> served = new TreeSet<>();
        for (Route route : api.server.routes()) {
            served.add(route.method() + " " + route.path());
        }
        assertThat(documented).isEqualTo(served);

        for (Route route : api.server.routes()) {
            JsonNode operation = doc.get("paths").get(route.path()).get(route.method().toLowerCase());
            List<String> query = new ArrayList<>();
            List<String> path = new ArrayList<>();
            for (JsonNode parameter : operation.path("parameters")) {
                JsonNode resolved = resolve(doc, parameter);
                (resolved.get("in").asText().equals("query") ? query : path).add(resolved.get("name").asText());
                if (resolved.get("in").asText().equals("path")) {
                    assertThat(resolved.get("required").asBoolean()).isTrue();
                }
            }
            assertThat(query).as(route.path() + " query parameters").containsExactlyInAnyOrderElementsOf(route.queryParameters());
            assertThat(path).as(route.path() + " path parameters").containsExactlyInAnyOrderElementsOf(route.pathParameters());
            boolean open = operation.has("security") && operation.get("security").isEmpty();
            assertThat(open).as(route.path() + " security").isEqualTo(!route.authenticated());
            assertThat(operation.get("responses").has("200")).isTrue();
        }
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void everyReferenceInTheOpenApiDocumentResolves() {
        JsonNode doc = api.client.get("/openapi.json", null).json();
        Set<String> refs = new HashSet<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
