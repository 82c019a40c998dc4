package dev.chatlog.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher on a real HTTP server bound to port 0, with endpoints of its own. */
class DispatcherTest {

    final List<String> observed = new CopyOnWriteArrayList<>();
    final HttpClient client = HttpClient.newHttpClient();
    HttpServer server;

    // the dispatcher records a request after writing its response, so tests await the record

    @BeforeEach
    void start() throws IOException {
        Authenticator authenticator = header -> {
            if (!"Bearer good".equals(header)) {
                throw ApiException.unauthorized("no", "Bearer realm=\"test\"");
            }
            return "user-1";
        };
        Router router = new Router(List.of(
                Route.get("/things/{id}", List.of("limit"), true, request -> Response.text(200, "text/plain",
                        request.user() + ":" + request.pathParameter("id") + ":" + request.parameter("limit"))),
                Route.get("/open", List.of(), false, request -> Response.text(200, "text/plain", "open")),
                Route.get("/boom", List.of(), false, request -> {
                    throw new IllegalStateException("password=hunter2 in SELECT");
                }),
                Route.get("/empty", List.of(), false, request -> Response.text(204, "text/plain", ""))));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new Dispatcher(router, authenticator,
                (route, method, status, nanos) -> observed.add(route + " " + method + " " + status)));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void passesTheUserTheDecodedPathParameterAndTheQueryToTheEndpoint() throws Exception {
        HttpResponse<String> response = send("GET", "/things/a%3Ab+c%7Cd?limit=5", "Bearer good");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("user-1:a:b+c|d:5");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        await().untilAsserted(() -> assertThat(observed).containsExactly("/things/{id} GET 200"));
    }

    @Test
    void authenticatesBeforeRunningTheEndpoint() throws Exception {
        HttpResponse<String> response = send("GET", "/things/1?bogus=1", "Bearer bad");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"test\"");
        assertThat(send("GET", "/open", null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesUnknownQueryParametersByName() throws Exception {
        HttpResponse<String> response = send("GET", "/things/1?limit=1&bogus=2", "Bearer good");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"name\":\"bogus\"");
    }

    @Test
    void refusesAPathParameterThatIsNoIdentifierOfTheEventContractByName() throws Exception {
        for (String id : new String[] {"%00", "a%00b", "a%2Fb", "a%20b", "%ED%A0%80", "%C3%A9", "x".repeat(129)}) {
            HttpResponse<String> response = send("GET", "/things/" + id + "?limit=%00", "Bearer good");
            assertThat(response.statusCode()).as(id).isEqualTo(400);
            assertThat(response.body()).as(id).contains("\"name\":\"id\"").contains("\"name\":\"limit\"");
        }
    }

    @Test
    void refusesTwoAuthorizationHeaders() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                        + "/things/1")).header("Authorization", "Bearer good").header("Authorization", "Bearer good")
                .GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"name\":\"Authorization\"");
    }

    @Test
    void answers404And405AsProblems() throws Exception {
        HttpResponse<String> missing = send("GET", "/nothing", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> wrongMethod = send("DELETE", "/open", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> wrongMethodWithParameter = send("BREW", "/things/7", null);
        assertThat(wrongMethodWithParameter.statusCode()).isEqualTo(405);
        assertThat(wrongMethodWithParameter.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // a 405 is labelled with the template its path fits: a closed set, never the raw path
        await().untilAsserted(() -> assertThat(observed).containsExactlyInAnyOrder("unmatched GET 404", "/open DELETE 405",
                "/things/{id} BREW 405"));
    }

    @Test
    void answersAnUnexpectedFailureWithAGeneric500() throws Exception {
        HttpResponse<String> response = send("GET", "/boom", null);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain("SELECT").doesNotContain("IllegalState");
        await().untilAsserted(() -> assertThat(observed).containsExactly("/boom GET 500"));
    }

    @Test
    void sendsAnEmptyBodyWithoutChunking() throws Exception {
        HttpResponse<String> response = send("GET", "/empty", null);
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }
}
