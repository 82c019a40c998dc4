package dev.chatlog.api;

import static dev.chatlog.api.HostileRequests.cursors;
import static dev.chatlog.api.HostileRequests.hostile;
import static dev.chatlog.api.HostileRequests.hostileText;
import static dev.chatlog.api.HostileRequests.json;
import static dev.chatlog.api.HostileRequests.numbers;
import static dev.chatlog.api.HostileRequests.onTheWire;
import static dev.chatlog.api.HostileRequests.path;
import static dev.chatlog.api.HostileRequests.query;
import static dev.chatlog.api.HostileRequests.subjects;
import static dev.chatlog.api.HostileRequests.times;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chatlog.api.http.Route;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.slf4j.LoggerFactory;

/**
 * QuickTheories properties over hostile requests, sent as raw bytes to the running API on a real
 * PostgreSQL: path segments, query parameters, cursors, headers and token claims made of control
 * characters, lone surrogates, huge and negative numbers, long strings, repeated parameters, odd
 * percent-encodings and odd UTF-8. Whatever arrives, an answer arrives; it is never a 5xx; a 4xx is
 * problem+json unless the JDK's HTTP layer refused a request that is not well-formed HTTP; no answer
 * holds another user's data; and nothing is logged at ERROR or with a stack trace.
 *
 * <p>Each property runs {@value #DEFAULT_CASES} cases from a fixed seed; {@code -Dchatlog.fuzz.seed=N}
 * and {@code -Dchatlog.fuzz.cases=N} change them for longer campaigns. A failure reports the request
 * shrunk to a smallest failing one, and the seed.
 */
@ExtendWith(ChatlogServersExtension.class)
class HostileInputIT {

    static final int DEFAULT_CASES = 4_000;
    static final int CASES = Integer.getInteger("chatlog.fuzz.cases", DEFAULT_CASES);
    static final long SEED = Long.getLong("chatlog.fuzz.seed", 20_261_202L);
    /** Each shrink step sends a request again: enough to reach a small request, bounded in time. */
    static final int SHRINK_CYCLES = 300;
    static final String OWNER = Users.id("fuzzowner");
    static final String OTHER = Users.id("fuzzother");
    /** Held only by the other user's rows and written by no generator: no answer to anyone else may hold them. */
    static final List<String> OTHERS_MARKERS = List.of("OTHERS-SECRET-4711", "other-msg-4711", "call_other_4711");
    /** The lists that take cursors, each with the prefix of its own cursors. */
    static final List<Pair<String, String>> LISTS = List.of(Pair.of("/v1/conversations?", "c1:"),
            Pair.of("/v1/conversations/shared-id/items?", "i1:"), Pair.of("/v1/tool_calls?", "t1:"),
            Pair.of("/v1/search?q=orchid&", "s1:"));

    static RunningApi api;
    static ListAppender<ILoggingEvent> logged;
    static final AtomicInteger TOTAL = new AtomicInteger();
    /** The authenticated routes of the route table, so that every endpoint added is fuzzed too. */
    static List<String> routes;
    /** Their query parameters, and some no route takes. */
    static List<String> parameters;

    @BeforeAll
    static void start(TestDatabase database) {
        api = RunningApi.start(database);
        routes = api.server.routes().stream().filter(Route::authenticated).map(Route::path).distinct().toList();
        Set<String> names = new TreeSet<>(List.of("user_id", "LIMIT", "limit%00", "", "%", "a%00b"));
        api.server.routes().forEach(route -> names.addAll(route.queryParameters()));
        parameters = List.copyOf(names);
        api.rows.conversation(OWNER, "shared-id", "title mine", HistoryRows.T0, 2);
        api.rows.message(OWNER, "shared-id", 1, "m1", "user", "mine orchid");
        api.rows.toolCall(OWNER, "shared-id", 2, "call_1", "m1", "add_task", "{\"title\": \"mine\"}", "ok",
                "{\"id\": 1}", null);
        String secret = OTHERS_MARKERS.getFirst();
        api.rows.conversation(OTHER, "shared-id", "title " + secret, HistoryRows.T0, 2);
        api.rows.message(OTHER, "shared-id", 1, OTHERS_MARKERS.get(1), "user", secret + " orchid");
        api.rows.toolCall(OTHER, "shared-id", 2, OTHERS_MARKERS.get(2), OTHERS_MARKERS.get(1), "add_task",
                "{\"title\": \"" + secret + "\"}", "ok", "{\"id\": \"" + secret + "\"}", null);
        api.rows.conversation(OTHER, "others-only", secret, HistoryRows.T0.plusSeconds(5), 1);
        api.rows.message(OTHER, "others-only", 1, OTHERS_MARKERS.get(1) + "b", "assistant", secret + " orchid");
        logged = new ListAppender<>();
        logged.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logged);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
        api.close();
        System.out.printf("hostile input: %d cases in all (seed %d)%n", TOTAL.get(), SEED);
        assertThat(logged.list).as("log lines at ERROR, or with a stack trace")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null);
    }

    // --- the properties

    @Test
    void hostilePathSegmentsAreNever5xxNorAnotherUsersData() {
        Gen<String> ids = Generate.frequency(Pair.of(1, Generate.constant("shared-id")),
                Pair.of(1, Generate.constant("others-only")), Pair.of(4, hostile(4)));
        // mostly without a query, whose first bad parameter would answer 400 before the path reaches a query
        Gen<String> queries = Generate.frequency(Pair.of(2, Generate.constant("")),
                Pair.of(1, query(parameters, hostile(2))));
        check("path segments", path(routes, ids).zip(queries,
                (path, query) -> request("GET", path + query, bearer(TestTokensFor.user(OWNER)))));
    }

    @Test
    void hostileQueryParametersAreNever5xxNorAnotherUsersData() {
        Gen<String> values = Generate.frequency(Pair.of(1, hostile(3)),
                Pair.of(1, numbers().map(n -> URLEncoder.encode(n, StandardCharsets.UTF_8))),
                Pair.of(1, Generate.pick(List.of("shared-id", "others-only", "add_task", "ok", "pending", "asc", "desc",
                        "chat_completions", "anthropic_messages", "orchid", "%7B%22title%22%3A%22mine%22%7D",
                        "2025-06-01T10:00:00Z", "-infinity", "0"))));
        check("query parameters", path(routes, Generate.constant("shared-id")).zip(query(parameters, values),
                (path, query) -> request("GET", path + query, bearer(TestTokensFor.user(OWNER)))));
    }

    @Test
    void hostileCursorsAreNever5xxNorAnotherUsersData() {
        Gen<String> parameter = Generate.pick(List.of("after=", "before=", "after=&before="));
        Gen<String> extra = Generate.frequency(Pair.of(4, Generate.constant("")),
                Pair.of(1, Generate.pick(List.of("&order=asc", "&order=desc", "&format=chat_completions"))),
                Pair.of(1, numbers().map(n -> "&limit=" + URLEncoder.encode(n, StandardCharsets.UTF_8))));
        Gen<String> target = Generate.pick(LISTS).flatMap(list -> parameter.zip(cursors(list._2), extra,
                (name, cursor, more) -> list._1 + name.replace("=", "=" + cursor) + more));
        check("cursors", target.map(t -> request("GET", t, bearer(TestTokensFor.user(OWNER)))));
    }

    @Test
    void hostileHeadersAreNever5xxNorAnotherUsersData() {
        String owner = TestTokensFor.user(OWNER);
        String other = TestTokensFor.user(OTHER);
        Gen<String> value = Generate.frequency(
                Pair.of(3, Generate.constant("Bearer " + owner)),
                Pair.of(1, Generate.range(20, other.length() - 1).map(n -> "Bearer " + other.substring(0, n))),
                Pair.of(1, Generate.constant("Bearer " + owner.substring(0, owner.lastIndexOf('.'))
                        + other.substring(other.lastIndexOf('.')))),
                Pair.of(2, hostileText().map(t -> "Bearer " + onTheWire(t))),
                Pair.of(1, hostile(3).map(h -> "Basic " + h)),
                Pair.of(1, hostile(2).map(h -> "bearer  " + h)),
                Pair.of(1, Generate.constant("Bearer " + owner + "," + other)),
                Pair.of(1, Generate.constant("")),
                Pair.of(1, Generate.range(0, 20_000).map(n -> "Bearer " + "A".repeat(n))));
        Gen<String> name = Generate.frequency(Pair.of(5, Generate.constant("Authorization")),
                Pair.of(1, Generate.pick(List.of("authorization", "AUTHORIZATION", "Authorization "))));
        Gen<String> authorization = lists().of(name.zip(value, (n, v) -> n + ": " + v + "\r\n")).ofSizeBetween(1, 4)
                .map(lines -> String.join("", lines));
        Gen<String> extra = Generate.frequency(Pair.of(4, Generate.constant("")), Pair.of(1, Generate.pick(List.of(
                "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n", "Content-Length: -1\r\n",
                "Content-Length: 99999999999999999999\r\n", "Content-Length: 0\r\nContent-Length: 0\r\n",
                "Content-Length: 1\r\nTransfer-Encoding: chunked\r\n", "X-Forwarded-User: " + OTHER + "\r\n",
                "Cookie: user=" + OTHER + "\r\n", "Expect: 100-continue\r\n"))));
        Gen<String> method = Generate.frequency(Pair.of(6, Generate.constant("GET")),
                Pair.of(1, Generate.pick(List.of("HEAD", "POST", "DELETE", "OPTIONS", "TRACE", "get"))),
                Pair.of(1, hostile(1).map(h -> h.replaceAll("[^A-Za-z]", "") + "X")));
        Gen<String> target = Generate.pick(List.of("/v1/conversations/shared-id/items", "/v1/conversations",
                "/v1/conversations/shared-id", "/v1/tool_calls?name=add_task", "/v1/search?q=orchid"));
        check("headers", in -> request(method.generate(in), target.generate(in),
                authorization.generate(in) + extra.generate(in)));
    }

    @Test
    void hostileTokenClaimsAreNever5xxNorAnotherUsersData() {
        long now = Instant.now().getEpochSecond();
        Gen<String> extra = Generate.frequency(Pair.of(4, Generate.constant("")),
                Pair.of(1, Generate.constant(",\"sub\":" + json(OTHER))),
                Pair.of(1, times(now, 3_600).map(t -> ",\"nbf\":" + t)));
        Gen<String> payload = subjects(OTHER).zip(times(now, 600), times(now, 0),
                (sub, exp, iat) -> "{\"sub\":" + sub + ",\"exp\":" + exp + ",\"iat\":" + iat)
                .zip(extra, (claims, more) -> claims + more + "}");
        Gen<String> token = payload.zip(Generate.range(0, 9), (claims, tamper) -> {
            String signed = TestTokens.hs256Payload(claims);
            return tamper == 0 ? signed.substring(0, signed.length() - 2) + "AA" : signed;
        });
        check("token claims", Generate.pick(List.of("/v1/conversations", "/v1/conversations/shared-id/items",
                "/v1/tool_calls?name=add_task", "/v1/search?q=orchid")).zip(token,
                (target, jwt) -> request("GET", target, bearer(jwt))));
    }

    // --- running and judging

    /** Runs {@link #CASES} cases of {@code requests} from the run's seed, which a failure reports, judging each answer. */
    private static void check(String name, Gen<String> requests) {
        HostileAnswers answers = new HostileAnswers(api.server.port(), OTHER, OTHERS_MARKERS);
        long start = System.nanoTime();
        qt().withFixedSeed(SEED).withExamples(CASES).withShrinkCycles(SHRINK_CYCLES)
                .forAll(requests.describedAs(HostileAnswers::printable))
                .checkAssert(answers::judge);
        TOTAL.addAndGet(answers.cases());
        System.out.printf("hostile %s: %d cases (seed %d) in %d s; answers by status %s; refused by the HTTP layer"
                        + " as malformed HTTP: %d%n", name, answers.cases(), SEED,
                (System.nanoTime() - start) / 1_000_000_000, answers.byStatus(), answers.refusedByHttpLayer());
        // QuickTheories skips a case it generated before: most cases must still be new, and most must reach the API
        assertThat(answers.cases()).isGreaterThan(CASES / 2);
        assertThat(answers.refusedByHttpLayer()).isLessThan(answers.cases() / 2);
        assertThat(api.client.get("/v1/conversations", TestTokensFor.user(OWNER)).status()).isEqualTo(200);
    }

    static String bearer(String token) {
        return "Authorization: Bearer " + token + "\r\n";
    }

    static String request(String method, String target, String headers) {
        return method + " " + target + " HTTP/1.1\r\nHost: api\r\nConnection: close\r\n" + headers + "\r\n";
    }
}
