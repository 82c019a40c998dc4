package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.Ports;
import dev.chatlog.testkit.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slow and many clients against the API in a JVM of its own (the JDK reads its HTTP server limits once
 * per JVM), configured as an operator would: the default request timeout (10 s) and idle timeout
 * (30 s), the shortest response timeout allowed (15 s), and at most 2,500 connections.
 */
@ExtendWith(ChatlogServersExtension.class)
class ConnectionLimitsIT {

    /** The default: a lower bound also cuts off honest requests that wait for a carrier thread under load. */
    static final int REQUEST_TIMEOUT_SECONDS = 10;
    static final int RESPONSE_TIMEOUT_SECONDS = 15;
    static final int MAX_CONNECTIONS = 2_500;
    static final int KEEP_ALIVE_CLIENTS = 2_000;
    static final String LIVE = "GET /health/live HTTP/1.1\r\nHost: api\r\n\r\n";
    static final String READER = Users.id("bigpagereader");
    /** 100 items of 100,000 two-byte characters: a page of some 20 MB, far beyond what socket buffers hold. */
    static final String BIG_PAGE = "GET /v1/conversations/big/items?limit=100 HTTP/1.1\r\nHost: api\r\n"
            + "Authorization: Bearer " + TestTokensFor.user(READER) + "\r\n\r\n";
    static Process api;
    static int port;

    @BeforeAll
    static void start(TestDatabase database) throws IOException {
        RunningApi.migrate(database);
        HistoryRows rows = new HistoryRows(database.dataSource(), RunningApi.SCHEMA);
        rows.conversation(READER, "big", "big", HistoryRows.T0, 100);
        rows.update("INSERT INTO messages (user_id, conversation_id, seq, message_id, role, content, created_at)"
                + " SELECT ?, 'big', s, 'm' || s, 'user', repeat('\u00e9', 100000), ?::timestamptz + s * interval '1 second'"
                + " FROM generate_series(1, 100) s", READER, HistoryRows.at(HistoryRows.T0));
        port = Ports.free();
        Map<String, String> env = RunningApi.env(database, Map.of("CHATLOG_API_PORT", Integer.toString(port),
                "CHATLOG_API_REQUEST_TIMEOUT_SECONDS", Integer.toString(REQUEST_TIMEOUT_SECONDS),
                "CHATLOG_API_RESPONSE_TIMEOUT_SECONDS", Integer.toString(RESPONSE_TIMEOUT_SECONDS),
                "CHATLOG_API_MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS)));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                ApiProcess.class.getName());
        builder.environment().keySet().removeIf(name -> name.startsWith("CHATLOG_"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(new File("target/connection-limits-api.log"));
        api = builder.start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> exchange(new Socket(
                InetAddress.getLoopbackAddress(), port), LIVE) == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.destroy();
            if (!api.waitFor(10, TimeUnit.SECONDS)) {
                api.destroyForcibly();
            }
        }
    }

    @Test
    void closesConnectionsThatSendNothingAnUnfinishedHeadOrABytePerSecondWithinTheRequestTimeout() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> slow = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                slow.add(threads.submit(() -> secondsUntilClosed("")));
                slow.add(threads.submit(() -> secondsUntilClosed("GET /health/live HTTP/1.1\r\n")));
                slow.add(threads.submit(() -> secondsUntilClosed(null)));
            }
            // meanwhile, normal requests are served
            long served = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(REQUEST_TIMEOUT_SECONDS + 1);
            while (System.nanoTime() < until) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    assertThat(exchange(socket, LIVE)).isEqualTo(200);
                    served++;
                }
                Thread.sleep(100);
            }
            assertThat(served).isPositive();
            for (Future<Long> closedAfter : slow) {
                // the JDK checks the bound once a second; the rest is slack for a loaded machine
                assertThat(closedAfter.get()).isLessThanOrEqualTo(REQUEST_TIMEOUT_SECONDS + 8);
            }
        }
    }

    /**
     * Seconds until the server closes a connection that sends {@code head} and then nothing, or, when
     * {@code head} is null, drips one byte of a never-ending head every second.
     */
    private static long secondsUntilClosed(String head) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (head != null) {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            String drip = "GET /health/live HTTP/1.1\r\nX-Slow: " + "a".repeat(100);
            for (int i = 0; TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 30; i++) {
                try {
                    if (in.read() < 0) {
                        break;
                    }
                } catch (SocketTimeoutException e) {
                    if (head == null) {
                        out.write(drip.charAt(i % drip.length()));
                        out.flush();
                    }
                } catch (IOException e) {
                    break;
                }
            }
        } catch (IOException e) {
            // a reset while writing is a close too
        }
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    }

    @Test
    void cutsOffAClientThatNeverReadsALargeResponseWithinTheResponseTimeoutWhileOthersAreServed() throws Exception {
        Answer whole;
        try (Socket reader = new Socket(InetAddress.getLoopbackAddress(), port)) {
            whole = answer(reader, BIG_PAGE);
        }
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.bodyBytes()).isGreaterThan(20_000_000L);
        try (Socket stalled = new Socket()) {
            // a small receive window: the server's writes block as soon as its own send buffer is full
            stalled.setReceiveBufferSize(4_096);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            stalled.getOutputStream().write(BIG_PAGE.getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            // meanwhile, others are served, the same page read in full included
            int served = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(RESPONSE_TIMEOUT_SECONDS + 8);
            while (System.nanoTime() < until) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    assertThat(exchange(socket, LIVE)).isEqualTo(200);
                }
                if (served++ % 10 == 0) {
                    try (Socket reader = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        assertThat(answer(reader, BIG_PAGE)).isEqualTo(whole);
                    }
                }
                Thread.sleep(200);
            }
            assertThat(served).isPositive();
            // only now does it read: what the kernels buffered before the server closed, then the end
            stalled.setSoTimeout(10_000);
            long received = 0;
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n = 0; n >= 0; n = stalled.getInputStream().read(buffer)) {
                    received += n;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server still holds the connection after "
                        + (RESPONSE_TIMEOUT_SECONDS + 8) + " s, " + received + " bytes received", e);
            } catch (IOException e) {
                // a reset is a cut too
            }
            assertThat(received).as("bytes of a %d-byte page received", whole.bodyBytes())
                    .isLessThan(whole.bodyBytes() / 2);
        }
    }

    @Test
    void keepsTwoThousandKeepAliveClientsPausingBetweenRequestsWithoutDroppingOneAndRefusesConnectionsBeyondTheBound()
            throws Exception {
        AtomicInteger answered = new AtomicInteger();
        List<String> dropped = new CopyOnWriteArrayList<>();
        CountDownLatch firstAnswered = new CountDownLatch(KEEP_ALIVE_CLIENTS);
        CountDownLatch release = new CountDownLatch(1);
        int refused = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < KEEP_ALIVE_CLIENTS; c++) {
                threads.submit(() -> {
                    boolean counted = false;
                    String phase = "connecting";
                    try {
                        // clients arrive over two seconds, as users do, not in one instant
                        Thread.sleep(ThreadLocalRandom.current().nextInt(2_000));
                        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            socket.setSoTimeout(30_000);
                            for (int r = 0; r < 3; r++) {
                                phase = "request " + r;
                                int status = exchange(socket, LIVE);
                                if (status == 200) {
                                    answered.incrementAndGet();
                                } else {
                                    dropped.add("request " + r + " answered " + status);
                                }
                                if (!counted) {
                                    counted = true;
                                    firstAnswered.countDown();
                                }
                                Thread.sleep(ThreadLocalRandom.current().nextInt(1_000));
                            }
                            phase = "holding";
                            release.await(30, TimeUnit.SECONDS);
                        }
                    } catch (IOException | InterruptedException e) {
                        dropped.add(phase + ": " + e);
                    } finally {
                        if (!counted) {
                            firstAnswered.countDown();
                        }
                    }
                });
            }
            try {
                assertThat(firstAnswered.await(60, TimeUnit.SECONDS)).as("every client answered once").isTrue();
                // every client holds its connection: 500 more fit, beyond them the server closes new ones at once
                List<Socket> extra = new ArrayList<>();
                try {
                    for (int i = 0; i < MAX_CONNECTIONS - KEEP_ALIVE_CLIENTS + 100; i++) {
                        extra.add(new Socket(InetAddress.getLoopbackAddress(), port));
                    }
                    // the server accepts and closes them one by one: wait until a hundred are seen closed, or 10 s
                    List<Socket> open = new ArrayList<>(extra);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (refused < 100 && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                        for (java.util.Iterator<Socket> it = open.iterator(); it.hasNext(); ) {
                            Socket socket = it.next();
                            socket.setSoTimeout(1);
                            if (isClosedByServer(socket)) {
                                refused++;
                                it.remove();
                            }
                        }
                    }
                } finally {
                    for (Socket socket : extra) {
                        socket.close();
                    }
                }
            } finally {
                release.countDown();
            }
        }
        assertThat(dropped).as("requests dropped in flight").isEmpty();
        assertThat(answered).hasValue(KEEP_ALIVE_CLIENTS * 3);
        assertThat(refused).as("connections beyond the bound of " + MAX_CONNECTIONS).isBetween(100, 200);
    }

    private static boolean isClosedByServer(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Sends {@code request} and reads one response; its status, or -1 when the connection ended first. */
    static int exchange(Socket socket, String request) throws IOException {
        return answer(socket, request).status();
    }

    /** A response's status (-1 when the connection ended first) and the length of its body. */
    record Answer(int status, long bodyBytes) {
    }

    static Answer answer(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return new Answer(-1, 0);
            }
            head.append((char) b);
        }
        long length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        long read = 0;
        byte[] buffer = new byte[64 * 1024];
        while (read < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - read));
            if (n < 0) {
                break;
            }
            read += n;
        }
        return new Answer(read < length ? -1 : Integer.parseInt(head.substring(9, 12)), read);
    }
}
