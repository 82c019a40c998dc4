package dev.chatlog.bench.latency;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatlog.bench.BenchmarkPage;
import dev.chatlog.bench.api.ApiProcess;
import dev.chatlog.bench.worker.SyntheticChat;
import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.publish.ChatEventPublisher;
import dev.chatlog.publish.PublishResult;
import dev.chatlog.testkit.Ports;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/** The steps of the latency benchmark; {@link dev.chatlog.bench.LatencyBenchmark} is its entry point. */
public final class LatencyRun {

    private static final String SECRET = "latency-bench-secret-latency-bench-secret";
    private static final int WAIT_MS = 10_000;
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Command-line options. */
    public record Options(int rate, int seconds, int warmupSeconds, int users, int readEvery, String heap, int partitions) {

        public static Options parse(String[] args) {
            int rate = 5_000;
            int seconds = 30;
            int warmup = 60;
            int users = 1_000;
            int readEvery = 20;
            String heap = "256m";
            int partitions = 12;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rate" -> rate = Integer.parseInt(args[++i]);
                    case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                    case "--warmup-seconds" -> warmup = Integer.parseInt(args[++i]);
                    case "--users" -> users = Integer.parseInt(args[++i]);
                    case "--read-every" -> readEvery = Integer.parseInt(args[++i]);
                    case "--heap" -> heap = args[++i];
                    case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; options: --rate N"
                            + " --seconds S --warmup-seconds S --users U --read-every N --heap 256m --partitions P");
                }
            }
            return new Options(rate, seconds, warmup, users, readEvery, heap, partitions);
        }
    }

    private LatencyRun() {
    }

    public static void run(Options o) throws Exception {
        TestServers servers = TestServers.get();
        String topic = servers.newTopic(o.partitions());
        TestDatabase db = servers.newDatabase();
        Migrations.apply(db.dataSource(), "chatlog");
        Path work = Files.createTempDirectory("chatlog-latency-bench-");
        int apiPort = Ports.free();
        try (WorkerProcess worker = WorkerProcess.start(servers, db, topic, o, work);
             ApiProcess api = ApiProcess.start(apiEnv(db, topic, apiPort), apiPort, "256m", List.of(),
                     work.resolve("api.log"));
             ChatEventPublisher publisher = new ChatEventPublisher(servers.kafkaBootstrap(), topic, new Properties())) {
            System.out.printf("worker and API running (logs in %s); warming up for %d s at %,d events/s%n", work,
                    o.warmupSeconds(), o.rate());
            SyntheticChat chat = new SyntheticChat(20250613L, o.users());
            Readers readers = new Readers(apiPort);
            publish(publisher, chat, o, o.warmupSeconds(), readers, false);
            readers.awaitAll();
            Batches before = worker.batches();
            CpuUse cpuBefore = CpuUse.read();
            System.out.printf("measuring for %d s at %,d events/s, reading every %dth event's message back%n",
                    o.seconds(), o.rate(), o.readEvery());
            Phase measured = publish(publisher, chat, o, o.seconds(), readers, true);
            readers.awaitAll();
            CpuUse cpuAfter = CpuUse.read();
            Batches batches = worker.batches().since(before);
            String cpu = cpu(cpuBefore, cpuAfter, worker.process.pid(), api.pid(), measured.events());
            SearchBacklog search = SearchBacklog.of(db);
            System.out.println("reading the same messages again, everything applied: the baseline");
            Histogram baseline = readers.again();
            String table = report(o, measured, readers, baseline, search, batches, cpu);
            System.out.println(table);
            BenchmarkPage.write("latency", table);
            readers.close();
        }
    }

    private static Map<String, String> apiEnv(TestDatabase db, String topic, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("CHATLOG_API_PORT", Integer.toString(port));
        env.put("CHATLOG_API_BIND", "127.0.0.1");
        env.put("CHATLOG_DB_URL", db.jdbcUrl());
        env.put("CHATLOG_DB_USER", db.user());
        if (db.password() != null) {
            env.put("CHATLOG_DB_PASSWORD", db.password());
        }
        env.put("CHATLOG_TOPIC", topic);
        env.put("CHATLOG_JWT_HS256_SECRET", SECRET);
        // the test database's login is its superuser; what is measured does not change
        env.put("CHATLOG_API_ALLOW_PRIVILEGED_LOGIN", "true");
        return env;
    }

    /** What one publishing phase did. */
    record Phase(long events, double seconds, Histogram acks, long behindNanos) {
    }

    /**
     * Publishes at {@code o.rate()} for {@code seconds}: event i is due at start + i / rate, and is sent
     * then (or at once, when the publisher fell behind). Every {@code readEvery}th event, or the next
     * message after it, is read back once acknowledged.
     */
    private static Phase publish(ChatEventPublisher publisher, SyntheticChat chat, Options o, int seconds,
                                 Readers readers, boolean record) throws InterruptedException {
        long total = (long) o.rate() * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / o.rate();
        Histogram acks = new Histogram(MAX_NANOS, 3);
        AtomicLong acked = new AtomicLong();
        long start = System.nanoTime();
        long behind = 0;
        boolean readNext = false;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                behind = Math.max(behind, -wait);
            }
            ChatEvent event = chat.next();
            readNext |= i % o.readEvery() == 0;
            boolean read = readNext && event instanceof MessageCreated;
            if (read) {
                readNext = false;
            }
            long sent = System.nanoTime();
            publisher.publish(event).whenComplete((result, error) -> {
                long now = System.nanoTime();
                acked.incrementAndGet();
                if (error != null) {
                    readers.failed(error);
                    return;
                }
                if (record) {
                    synchronized (acks) {
                        acks.recordValue(Math.min(now - sent, MAX_NANOS));
                    }
                }
                if (read) {
                    readers.read((MessageCreated) event, result, now, record);
                }
            });
        }
        long end = System.nanoTime();
        while (acked.get() < total) {
            Thread.sleep(5);
        }
        return new Phase(total, (end - start) / 1e9, acks, behind);
    }

    /** Reads sampled messages back through the API on virtual threads, each as soon as it is acknowledged. */
    static final class Readers implements AutoCloseable {
        private final int port;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final Map<String, String> tokens = new ConcurrentHashMap<>();
        private final AtomicLong inFlight = new AtomicLong();
        final Histogram latency = new Histogram(MAX_NANOS, 3);
        final AtomicLong errors = new AtomicLong();
        final AtomicLong notYet = new AtomicLong();
        final ConcurrentLinkedQueue<HttpRequest> measuredRequests = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();

        Readers(int port) {
            this.port = port;
        }

        void read(MessageCreated message, PublishResult result, long ackNanos, boolean record) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/conversations/"
                            + message.conversationId() + "/items?order=desc&limit=50&wait_ms=" + WAIT_MS
                            + "&consistent_with=" + result.token().encode()))
                    .header("Authorization", "Bearer " + tokens.computeIfAbsent(message.userId(), Readers::token))
                    .timeout(Duration.ofSeconds(30)).build();
            String expected = "\"" + message.messageId() + "\"";
            inFlight.incrementAndGet();
            threads.execute(() -> {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long now = System.nanoTime();
                    if (response.statusCode() != 200 || !response.body().contains(expected)) {
                        error("HTTP " + response.statusCode() + " without " + expected + ": "
                                + response.body().substring(0, Math.min(300, response.body().length())));
                    } else if (record) {
                        synchronized (latency) {
                            latency.recordValue(Math.min(now - ackNanos, MAX_NANOS));
                        }
                        measuredRequests.add(request);
                    }
                } catch (IOException | InterruptedException e) {
                    error(e.toString());
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }

        /** The measured reads again, one at a time, now that everything is applied. */
        Histogram again() throws IOException, InterruptedException {
            Histogram floor = new Histogram(MAX_NANOS, 3);
            for (HttpRequest request : measuredRequests) {
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    error("baseline read: HTTP " + response.statusCode());
                    continue;
                }
                floor.recordValue(Math.min(System.nanoTime() - start, MAX_NANOS));
            }
            return floor;
        }

        void failed(Throwable error) {
            error("publish failed: " + error);
        }

        private void error(String what) {
            if (errors.incrementAndGet() <= 5) {
                firstErrors.add(what);
                System.out.println("error: " + what);
            }
        }

        void awaitAll() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        private static String token(String userId) {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                        .subject(userId).expirationTime(Date.from(Instant.now().plusSeconds(6 * 3600))).build());
                jwt.sign(new MACSigner(SECRET));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException("could not sign a token", e);
            }
        }

        @Override
        public void close() {
            threads.shutdownNow();
        }
    }

    private static String report(Options o, Phase p, Readers readers, Histogram baseline, SearchBacklog search,
                                 Batches batches, String cpu) {
        Histogram l = readers.latency;
        if (l.getTotalCount() == 0) {
            throw new IllegalStateException("no read succeeded; " + readers.errors.get() + " errors");
        }
        return String.format("""
                Run of `bench/run latency --rate %d --seconds %d --warmup-seconds %d --users %d --read-every %d --heap %s`
                (%d partitions, %d cores): the JVM publisher (`acks=all`, idempotent) sends synthetic events at a fixed
                rate while the worker (its own JVM, `-Xmx%s`, default settings%s) and the query API (its own JVM) run; Kafka
                (with the JVM options of Kafka's own scripts) and PostgreSQL run on the same machine. For %,d sampled messages, the conversation is read through the
                API with `consistent_with` as soon as the producer acknowledges the message, and the time from the
                acknowledgement to the answer holding it is recorded. Baseline: the same reads again, one at a time,
                once everything is applied.

                | measure | p50 | p99 | p99.9 | max |
                | --- | ---: | ---: | ---: | ---: |
                | producer acknowledged → readable through the API | **%.1f ms** | **%.1f ms** | %.1f ms | %.1f ms |
                | baseline: the same read, already applied | %.1f ms | %.1f ms | %.1f ms | %.1f ms |
                | publish → producer acknowledgement (for reference) | %.1f ms | %.1f ms | %.1f ms | %.1f ms |

                Published %,d events in %.1f s (%,.0f events/s; at most %.1f ms behind schedule); %,d reads failed.
                p99 of ack → readable is %.1f× the baseline's p99.
                Worker: %,d batches while measuring, %,.1f events each on average, %,.1f ms each on average.
                %s
                Search: %,d of the %,d messages stored were still queued for the search index when the last read was answered.
                """,
                o.rate(), o.seconds(), o.warmupSeconds(), o.users(), o.readEvery(), o.heap(), o.partitions(),
                Runtime.getRuntime().availableProcessors(), o.heap(), WorkerProcess.overrides(),
                l.getTotalCount(), ms(l, 50), ms(l, 99), ms(l, 99.9), l.getMaxValue() / 1e6,
                ms(baseline, 50), ms(baseline, 99), ms(baseline, 99.9), baseline.getMaxValue() / 1e6,
                ms(p.acks(), 50), ms(p.acks(), 99), ms(p.acks(), 99.9), p.acks().getMaxValue() / 1e6,
                p.events(), p.seconds(), p.events() / p.seconds(), p.behindNanos() / 1e6, readers.errors.get(),
                ms(l, 99) / Math.max(0.001, ms(baseline, 99)), batches.count(), batches.meanEvents(),
                batches.meanMillis(), cpu, search.queued(), search.messages());
    }

    /** Where the machine's CPU went while measuring, per event published. */
    private static String cpu(CpuUse before, CpuUse after, long workerPid, long apiPid, long events) {
        double machine = after.machineSeconds(before);
        double worker = after.processSeconds(before, workerPid);
        double postgres = after.namedSeconds(before, "postgres");
        double api = after.processSeconds(before, apiPid);
        double bench = after.processSeconds(before, ProcessHandle.current().pid());
        double javaOthers = after.namedSeconds(before, "java") - worker - api - bench;
        return String.format("CPU while measuring: the machine %.1f CPU-s (%.0f µs per event): the worker's JVM %.1f"
                        + " (%.0f µs), PostgreSQL %.1f (%.0f µs), the API %.1f, this benchmark (publisher, readers) %.1f,"
                        + " other JVMs (the broker) %.1f, the rest %.1f.",
                machine, machine * 1e6 / events, worker, worker * 1e6 / events, postgres, postgres * 1e6 / events,
                api, bench, javaOthers, machine - worker - postgres - api - bench - javaOthers);
    }

    /**
     * The worker's batches so far, from its metrics endpoint: how many, the events and the seconds
     * they summed to ({@code chatlog_worker_batch_size}, {@code chatlog_worker_flush_latency_seconds}).
     */
    record Batches(long count, double events, double seconds) {

        static Batches parse(String metrics) {
            return new Batches((long) metric(metrics, "chatlog_worker_batch_size_count"),
                    metric(metrics, "chatlog_worker_batch_size_sum"),
                    metric(metrics, "chatlog_worker_flush_latency_seconds_sum"));
        }

        private static double metric(String metrics, String name) {
            return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }

        Batches since(Batches earlier) {
            return new Batches(count - earlier.count, events - earlier.events, seconds - earlier.seconds);
        }

        double meanEvents() {
            return count == 0 ? 0 : events / count;
        }

        double meanMillis() {
            return count == 0 ? 0 : seconds * 1000 / count;
        }
    }

    /** How far search lags: messages the worker stored that its search indexer has not indexed yet. */
    record SearchBacklog(long queued, long messages) {

        static SearchBacklog of(TestDatabase db) throws SQLException {
            try (Connection c = db.dataSource().getConnection();
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM chatlog.message_search_queue),"
                         + " (SELECT count(*) FROM chatlog.messages)")) {
                rs.next();
                return new SearchBacklog(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    /** The worker in a child JVM, started as in production by the launcher's {@code worker} command. */
    static final class WorkerProcess implements AutoCloseable {
        /** As in production: INFO for chatlog (its state changes say when it runs), WARN for libraries. */
        private static final String LOGBACK = """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="dev.chatlog" level="INFO"/>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """;

        private final Process process;
        private final int metricsPort;

        private WorkerProcess(Process process, int metricsPort) {
            this.process = process;
            this.metricsPort = metricsPort;
        }

        Batches batches() throws IOException, InterruptedException {
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("the worker's metrics answered " + r.statusCode());
                }
                return Batches.parse(r.body());
            }
        }

        /** The worker settings this run changes from their defaults, as passed through from the environment. */
        static String overrides() {
            List<String> set = new ArrayList<>();
            System.getenv().forEach((k, v) -> {
                // the connection settings are the benchmark's own; every other setting passes through
                if (k.startsWith("CHATLOG_") && !List.of("CHATLOG_DB_URL", "CHATLOG_DB_USER", "CHATLOG_DB_PASSWORD",
                        "CHATLOG_TOPIC").contains(k)) {
                    set.add(k + "=" + v);
                }
            });
            return set.isEmpty() ? "" : ", with " + String.join(" ", set.stream().sorted().toList());
        }

        static WorkerProcess start(TestServers servers, TestDatabase db, String topic, Options o, Path work)
                throws IOException, InterruptedException {
            Path logback = work.resolve("worker-logback.xml");
            Files.writeString(logback, LOGBACK);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + o.heap(), "-Xms" + o.heap(), "-Dlogback.configurationFile=" + logback));
            String extra = System.getenv("BENCH_WORKER_JAVA_OPTS");
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.chatlog.launcher.ChatlogCommand", "worker"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("worker.log").toFile());
            Map<String, String> env = pb.environment();
            env.put("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap());
            env.put("CHATLOG_TOPIC", topic);
            env.put("CHATLOG_DLQ_TOPIC", topic + ".dlq");
            env.put("CHATLOG_WORKER_APPLICATION_ID", servers.uniqueName("latency-worker"));
            env.put("CHATLOG_WORKER_STATE_DIR", work.resolve("state").toString());
            env.put("CHATLOG_DB_URL", db.jdbcUrl());
            env.put("CHATLOG_DB_USER", db.user());
            if (db.password() != null) {
                env.put("CHATLOG_DB_PASSWORD", db.password());
            }
            int metricsPort = Ports.free();
            env.put("CHATLOG_WORKER_METRICS_PORT", Integer.toString(metricsPort));
            env.put("CHATLOG_TOPIC_PARTITIONS", Integer.toString(o.partitions()));
            WorkerProcess worker = new WorkerProcess(pb.start(), metricsPort);
            // should the benchmark die, its worker goes with it
            Runtime.getRuntime().addShutdownHook(new Thread(worker.process::destroy));
            // the worker is ready once its consumer group has its partitions: until then, reads would time the start-up
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(work.resolve("worker.log")).contains("-> RUNNING")) {
                if (!worker.process.isAlive() || System.nanoTime() > deadline) {
                    worker.close();
                    throw new IllegalStateException("the worker did not start; see " + work.resolve("worker.log"));
                }
                Thread.sleep(200);
            }
            return worker;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
