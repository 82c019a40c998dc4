package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Sends raw requests to the running API and judges each answer: one arrives; it is not a 5xx; a 4xx
 * is problem+json whose {@code status} is the answer's, unless the JDK's HTTP layer refused the
 * request before the API saw it, which it may only do for a request that is not well-formed HTTP;
 * and no answer holds what only another user's rows hold. Counts the cases and their answers.
 */
final class HostileAnswers {

    /** RFC 9110 token characters: what a header name is made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private final int port;
    private final String otherUser;
    private final List<String> othersMarkers;
    private final AtomicInteger cases = new AtomicInteger();
    private final AtomicInteger refusedByHttpLayer = new AtomicInteger();
    private final Map<Integer, Integer> byStatus = new ConcurrentSkipListMap<>();

    HostileAnswers(int port, String otherUser, List<String> othersMarkers) {
        this.port = port;
        this.otherUser = otherUser;
        this.othersMarkers = List.copyOf(othersMarkers);
    }

    /** An answer: its status, Content-Type and body (empty for HEAD), as received. */
    record Answer(int status, String contentType, String body) {
    }

    void judge(String request) {
        Answer answer = send(request);
        cases.incrementAndGet();
        byStatus.merge(answer.status(), 1, Integer::sum);
        assertThat(answer.status()).as("an answer arrives").isPositive();
        assertThat(answer.status()).as("not a 5xx: %s", answer.body()).isBetween(200, 499);
        if (answer.status() >= 400) {
            if ("text/html".equals(answer.contentType()) && answer.body().startsWith("<h1>400 Bad Request</h1>")) {
                refusedByHttpLayer.incrementAndGet();
                assertThat(malformedHttp(request)).as("the HTTP layer refused well-formed HTTP: %s", answer.body())
                        .isTrue();
            } else {
                assertThat(answer.contentType()).as("a 4xx is a problem: %s", answer.body())
                        .isEqualTo("application/problem+json");
                if (!request.startsWith("HEAD ")) {
                    JsonNode problem = new ApiClient.Reply(answer.status(), answer.contentType(), null, answer.body()).json();
                    assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
                    assertThat(problem.path("type").asText()).startsWith("urn:chatlog:problem:");
                    assertThat(problem.path("detail").isTextual()).as(answer.body()).isTrue();
                }
            }
        }
        for (String marker : othersMarkers) {
            assertThat(answer.body()).as("another user's data").doesNotContain(marker);
        }
        if (!request.contains(otherUser)) {
            assertThat(answer.body()).as("another user's id").doesNotContain(otherUser);
        }
        if (answer.status() == 200) {
            assertThat(answer.body()).as("another user's conversation").doesNotContain("others-only");
        }
    }

    int cases() {
        return cases.get();
    }

    int refusedByHttpLayer() {
        return refusedByHttpLayer.get();
    }

    Map<Integer, Integer> byStatus() {
        return byStatus;
    }

    /**
     * Whether the JDK's HTTP layer may refuse {@code request} before any handler runs: a request target
     * that is no URI, a header name that is no token, or Content-Length given twice, with
     * Transfer-Encoding, or not as a non-negative number.
     */
    static boolean malformedHttp(String request) {
        String[] lines = request.split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3) {
            return true;
        }
        try {
            new URI(requestLine[1]);
        } catch (URISyntaxException e) {
            return true;
        }
        List<String> contentLengths = new ArrayList<>();
        boolean transferEncoding = false;
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            String name = colon < 0 ? lines[i] : lines[i].substring(0, colon);
            if (!TOKEN.matcher(name).matches()) {
                return true;
            }
            String value = lines[i].substring(colon + 1).trim();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "content-length" -> contentLengths.add(value);
                case "transfer-encoding" -> transferEncoding = true;
                default -> {
                }
            }
        }
        if (contentLengths.size() > 1 || !contentLengths.isEmpty() && transferEncoding) {
            return true;
        }
        if (contentLengths.size() == 1) {
            try {
                return Long.parseLong(contentLengths.getFirst()) < 0;
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    /** Sends one raw request (ISO-8859-1 on the wire, as HTTP/1.1 heads are) and reads the whole answer. */
    Answer send(String request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may close before reading everything; what it answered is judged
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(received);
            } catch (IOException e) {
                // a reset after the answer
            }
            return parse(received.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The final answer in {@code raw}, after any interim 100 Continue; status -1 when there is none. */
    static Answer parse(String raw) {
        String rest = raw;
        while (rest.startsWith("HTTP/1.1 100 ")) {
            rest = rest.substring(rest.indexOf("\r\n\r\n") + 4);
        }
        int end = rest.indexOf("\r\n\r\n");
        if (!rest.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(-1, null, raw);
        }
        String contentType = null;
        for (String line : rest.substring(0, end).split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                contentType = line.substring(13).trim();
            }
        }
        return new Answer(Integer.parseInt(rest.substring(9, 12)), contentType, rest.substring(end + 4));
    }

    /** A request as a report shows it: CR and LF visible, cut at 2,000 characters. */
    static String printable(String request) {
        String shown = request.length() > 2_000 ? request.substring(0, 2_000) + "... (" + request.length() + " chars)"
                : request;
        return shown.replace("\r\n", "\\r\\n");
    }
}
