package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chatlog.api.http.Route;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Generated hostile requests against the running API on a real PostgreSQL: path segments, query
 * parameters, cursors, headers and token claims built from control characters, surrogates, huge
 * numbers, long strings, repeated parameters and odd percent-encodings, sent as raw bytes. Whatever
 * arrives, the answer is never a 5xx, never another user's data, and no stack trace is logged.
 * Each property runs {@value #CASES} cases from a fixed seed (override with -Dchatlog.fuzz.seed);
 * a failure names the seed and the request, so it replays exactly.
 */
@ExtendWith(ChatlogServersExtension.class)
class HostileInputIT {

    static final int CASES = Integer.getInteger("chatlog.fuzz.cases", 1_000);
    static final long SEED = Long.getLong("chatlog.fuzz.seed", 20_261_202L);
    static final String OWNER = Users.id("fuzzowner");
    static final String OTHER = Users.id("fuzzother");
    static final String OTHERS_SECRET = "OTHERS-SECRET-4711";

    static RunningApi api;
    static ListAppender<ILoggingEvent> logged;

    @BeforeAll
    static void start(TestDatabase database) {
        api = RunningApi.start(database);
        ROUTES = api.server.routes().stream().filter(Route::authenticated).map(Route::path).distinct()
                .toArray(String[]::new);
        java.util.Set<String> parameters = new java.util.TreeSet<>(List.of("user_id", "LIMIT", "limit%00", "", "%",
                "a%00b"));
        api.server.routes().forEach(route -> parameters.addAll(route.queryParameters()));
        PARAMETERS = parameters.toArray(String[]::new);
        for (String user : List.of(OWNER, OTHER)) {
            String content = user.equals(OTHER) ? OTHERS_SECRET : "mine";
            api.rows.conversation(user, "shared-id", "title " + content, HistoryRows.T0, 2);
            api.rows.message(user, "shared-id", 1, "m1", "user", content);
            api.rows.toolCall(user, "shared-id", 2, "call_1", "m1", "add_task", "{\"title\": \"" + content + "\"}",
                    "ok", "{\"id\": 1}", null);
        }
        api.rows.conversation(OTHER, "others-only", OTHERS_SECRET, HistoryRows.T0.plusSeconds(5), 0);
        logged = new ListAppender<>();
        logged.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logged);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
        api.close();
        assertThat(logged.list).as("log lines at ERROR, or with a stack trace")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null);
    }

    // --- the pieces hostile values are made of

    static final String[] PIECES = {"a", "Z", "9", "-", "_", ".", ":", "@", "|", "=", "+", "shared-id", "others-only",
            "%00", "%01", "%1f", "%7f", "%ff", "%fe", "%C0%80", "%ED%A0%80", "%ED%B0%80", "%F0%9F%98%80", "%C3%A9", "%E2%80%AE",
            "%", "%%", "%0", "%zz", "%u0041", "%2F", "%2f", "%2e%2e", "..", "%3F", "%23", "%26", "%3D", "%20", "+", "%2B",
            "%5C", "'", "%27", "%22", "%3B", "--", "*", "%2A", "%5B%5D", "%7B%7D", "$", "%24", "~", "!", "(", ")", ",",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e308", "-0", "0x7f", "NaN",
            "Infinity", "99999999999999999999999999", "%EF%BF%BD", "%E0%A5%A9"};
    /** The authenticated routes of the route table, so that every endpoint added is fuzzed too. */
    static String[] ROUTES;
    /** Their query parameters, and some no route takes. */
    static String[] PARAMETERS;

    static String hostile(Random random, int maxPieces) {
        StringBuilder out = new StringBuilder();
        int pieces = random.nextInt(maxPieces) + 1;
        for (int i = 0; i < pieces; i++) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        if (random.nextInt(20) == 0) {
            out.append("x".repeat(random.nextInt(5_000)));
        }
        return out.toString();
    }

    /** Text with raw control characters, lone surrogates and astral characters, for cursors and claims. */
    static String hostileText(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> out.append((char) random.nextInt(0x20));
                case 1 -> out.append((char) (0xD800 + random.nextInt(0x800)));
                case 2 -> out.appendCodePoint(0x1F600 + random.nextInt(50));
                case 3 -> out.append(new String[] {"0", "-1", "9223372036854775807", "99999999999999999999", ":",
                        "c1:", "i1:", "%", "\u00e9"}[random.nextInt(9)]);
                default -> out.append((char) ('a' + random.nextInt(26)));
            }
        }
        if (random.nextInt(30) == 0) {
            out.append("y".repeat(random.nextInt(3_000)));
        }
        return out.toString();
    }

    static String cursor(Random random) {
        String text = switch (random.nextInt(6)) {
            case 0 -> "c1:" + number(random) + ":" + hostileText(random);
            case 1 -> "c1:" + number(random) + ":shared-id";
            case 2 -> "i1:" + number(random);
            case 3 -> "i1:" + hostileText(random);
            case 4 -> hostileText(random);
            default -> "c1:" + number(random) + ":" + "others-only";
        };
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(4) == 0) {
            bytes = new byte[random.nextInt(60)];
            random.nextBytes(bytes);
        }
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return random.nextInt(10) == 0 ? encoded + hostile(random, 2) : encoded;
    }

    static String number(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Long.toString(Long.MAX_VALUE - random.nextInt(3));
            case 2 -> Long.toString(Long.MIN_VALUE + random.nextInt(3));
            case 3 -> "9".repeat(1 + random.nextInt(40));
            case 4 -> "-" + random.nextInt(1_000);
            default -> Integer.toString(random.nextInt(100));
        };
    }

    static String path(Random random) {
        String route = ROUTES[random.nextInt(ROUTES.length)];
        return withIds(route, r -> r.nextInt(4) == 0 ? "shared-id" : hostile(r, 4), random);
    }

    /** The route's path with each {parameter} replaced by what {@code id} makes. */
    static String withIds(String route, Function<Random, String> id, Random random) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{[^}]+}").matcher(route);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(id.apply(random)));
        }
        return m.appendTail(out).toString();
    }

    static String query(Random random, Function<Random, String> value) {
        StringBuilder out = new StringBuilder();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            String name = random.nextInt(3) == 0 ? hostile(random, 2) : PARAMETERS[random.nextInt(PARAMETERS.length)];
            out.append(i == 0 ? "?" : "&").append(name);
            if (random.nextInt(8) != 0) {
                out.append('=').append(value.apply(random));
            }
        }
        return out.toString();
    }

    // --- the properties

    @Test
    void hostilePathSegmentsAreNever5xxNorAnotherUsersData() throws Exception {
        runCases("path segments", 1, random -> request("GET", path(random) + query(random, r -> hostile(r, 2)),
                bearer(TestTokensFor.user(OWNER))));
    }

    @Test
    void hostileQueryParametersAreNever5xxNorAnotherUsersData() throws Exception {
        runCases("query parameters", 2, random -> request("GET", withIds(ROUTES[random.nextInt(ROUTES.length)],
                r -> "shared-id", random) + query(random, r -> r.nextBoolean() ? hostile(r, 3) : number(r)),
                bearer(TestTokensFor.user(OWNER))));
    }

    @Test
    void hostileCursorsAreNever5xxNorAnotherUsersData() throws Exception {
        runCases("cursors", 3, random -> {
            String route = random.nextBoolean() ? "/v1/conversations" : "/v1/conversations/shared-id/items";
            String query = "?" + (random.nextBoolean() ? "after=" : "before=") + cursor(random)
                    + (random.nextInt(3) == 0 ? "&order=" + (random.nextBoolean() ? "asc" : "desc") : "")
                    + (random.nextInt(5) == 0 ? "&limit=" + number(random) : "");
            return request("GET", route + query, bearer(TestTokensFor.user(OWNER)));
        });
    }

    @Test
    void hostileHeadersAreNever5xxNorAnotherUsersData() throws Exception {
        runCases("headers", 4, random -> {
            StringBuilder headers = new StringBuilder();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                String value = switch (random.nextInt(7)) {
                    case 0 -> "Bearer " + TestTokensFor.user(OWNER);
                    case 1 -> "Bearer " + TestTokensFor.user(OTHER).substring(0, 20 + random.nextInt(40));
                    case 2 -> "Bearer " + hostileText(random).replaceAll("[\\r\\n]", "");
                    case 3 -> random.nextBoolean() ? "Basic " + hostile(random, 3) : "bearer  " + hostile(random, 2);
                    case 4 -> "Bearer " + TestTokensFor.user(OWNER) + "," + TestTokensFor.user(OTHER);
                    case 5 -> "";
                    default -> "Bearer " + "A".repeat(random.nextInt(20_000));
                };
                String name = random.nextInt(6) == 0 ? "authorization" : "Authorization";
                headers.append(name).append(": ").append(value).append("\r\n");
            }
            if (random.nextInt(5) == 0) {
                headers.append(new String[] {"Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n",
                        "Content-Length: -1\r\n", "X-Forwarded-User: " + OTHER + "\r\n",
                        "Content-Length: 99999999999999999999\r\n"}[random.nextInt(5)]);
            }
            return request(random.nextInt(6) == 0 ? hostile(random, 1).replaceAll("[^A-Za-z]", "") + "X" : "GET",
                    "/v1/conversations/shared-id/items", headers.toString());
        });
    }

    @Test
    void hostileTokenClaimsAreNever5xxNorAnotherUsersData() throws Exception {
        runCases("token claims", 5, random -> {
            String sub = switch (random.nextInt(6)) {
                case 0 -> json(hostileText(random));
                case 1 -> number(random);
                case 2 -> "[" + json(OTHER) + "]";
                case 3 -> json(OTHER.substring(0, random.nextInt(OTHER.length())) + hostileText(random));
                case 4 -> json(hostile(random, 3));
                default -> random.nextBoolean() ? "null" : "{\"id\":" + json(OTHER) + "}";
            };
            long now = System.currentTimeMillis() / 1000;
            String exp = random.nextInt(4) == 0 ? new String[] {"1e308", "-1", "\"soon\"", "9223372036854775808",
                    "99999999999999999999999", "null", "1.5"}[random.nextInt(7)] : Long.toString(now + 600);
            String iat = random.nextInt(4) == 0 ? number(random) : Long.toString(now);
            String payload = "{\"sub\":" + sub + ",\"exp\":" + exp + ",\"iat\":" + iat
                    + (random.nextInt(5) == 0 ? ",\"sub\":" + json(OTHER) : "") + "}";
            return request("GET", random.nextBoolean() ? "/v1/conversations" : "/v1/conversations/shared-id/items",
                    bearer(TestTokens.hs256Payload(payload)));
        });
    }

    // --- running and judging

    record Case(String request, int status, String body) {
    }

    private static void runCases(String name, int stream, Function<Random, String> generator) throws Exception {
        Random random = new Random(SEED * 31 + stream);
        List<String> requests = new ArrayList<>(CASES);
        for (int i = 0; i < CASES; i++) {
            requests.add(generator.apply(random));
        }
        List<Future<Case>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            for (String request : requests) {
                answers.add(threads.submit(() -> send(request)));
            }
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<Case> answer : answers) {
            Case c = answer.get();
            statuses.merge(c.status(), 1, Integer::sum);
            assertThat(c.status()).as("seed %d, %s: %s", SEED, printable(c.request()), c.body()).isLessThan(500);
            assertThat(c.body()).as("seed %d, %s", SEED, printable(c.request()))
                    .doesNotContain(OTHERS_SECRET).doesNotContain("others-only\",\"title");
        }
        assertThat(answers).hasSize(CASES);
        System.out.printf("hostile %s: %d cases (seed %d), answers by status (-1: connection closed) %s%n",
                name, CASES, SEED, statuses);
        assertThat(api.client.get("/v1/conversations", TestTokensFor.user(OWNER)).status()).isEqualTo(200);
    }

    static String bearer(String token) {
        return "Authorization: Bearer " + token + "\r\n";
    }

    static String request(String method, String target, String headers) {
        return method + " " + target + " HTTP/1.1\r\nHost: api\r\nConnection: close\r\n" + headers + "\r\n";
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static String printable(String request) {
        String shown = request.length() > 400 ? request.substring(0, 400) + "..." : request;
        return shown.replace("\r\n", "\\r\\n");
    }

    /** Sends one raw request (ISO-8859-1 on the wire, as HTTP/1.1 heads are) and reads the whole answer. */
    static Case send(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may close before reading everything; what it answered is judged below
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(received);
            } catch (IOException e) {
                // a reset after the answer
            }
            String answer = received.toString(StandardCharsets.UTF_8);
            if (!answer.startsWith("HTTP/1.1 ")) {
                return new Case(request, -1, answer);
            }
            return new Case(request, Integer.parseInt(answer.substring(9, 12)), answer);
        }
    }
}
