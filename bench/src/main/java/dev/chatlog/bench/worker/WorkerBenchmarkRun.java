package dev.chatlog.bench.worker;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.EventJson;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The steps of the worker benchmark; {@link dev.chatlog.bench.WorkerBenchmark} is its entry point. */
public final class WorkerBenchmarkRun {

    /** Command-line options. */
    public record Options(int events, int users, int threads, String heap, int partitions, int warmup) {

        public static Options parse(String[] args) {
            int events = 1_000_000;
            int users = 10_000;
            int threads = 1;
            int partitions = 12;
            String heap = "256m";
            int warmup = 200_000;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--events" -> events = Integer.parseInt(args[++i]);
                    case "--users" -> users = Integer.parseInt(args[++i]);
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                    case "--heap" -> heap = args[++i];
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option '" + args[i]
                            + "'; options: --events N --users U --threads T --partitions P --heap 256m --warmup N");
                }
            }
            return new Options(events, users, threads, heap, partitions, warmup);
        }
    }

    private WorkerBenchmarkRun() {
    }

    public static void run(Options o) throws Exception {
        TestServers servers = TestServers.get();
        String topic = servers.newTopic(o.partitions());
        Path work = Files.createTempDirectory("chatlog-worker-bench-");
        System.out.printf("publishing %,d events over %,d users to %s ...%n", o.events(), o.users(), topic);
        long publishStart = System.nanoTime();
        Map<String, Long> rows;
        long bytes = 0;
        FailedSends sends = new FailedSends();
        try (WorkerCopyRows copyRows = new WorkerCopyRows(work);
             KafkaProducer<byte[], byte[]> producer = producer(servers.kafkaBootstrap())) {
            SyntheticChat chat = new SyntheticChat(20250613L, o.users());
            for (int i = 0; i < o.events(); i++) {
                ChatEvent e = chat.next();
                byte[] value = EventJson.write(e);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, e.userId().getBytes(StandardCharsets.UTF_8), value), sends);
                copyRows.add(e);
            }
            producer.flush();
            sends.check();
            rows = copyRows.finish();
            long totalRows = rows.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("published in %.1f s (%,d MB of JSON); final rows %s%n",
                    (System.nanoTime() - publishStart) / 1e9, bytes / 1_000_000, rows);

            String warmTopic = null;
            TestDatabase warmDb = null;
            if (o.warmup() > 0) {
                warmTopic = servers.newTopic(o.partitions());
                warmDb = servers.newDatabase();
                SyntheticChat warm = new SyntheticChat(7L, o.users());
                for (int i = 0; i < o.warmup(); i++) {
                    ChatEvent e = warm.next();
                    producer.send(new ProducerRecord<>(warmTopic, e.userId().getBytes(StandardCharsets.UTF_8),
                            EventJson.write(e)), sends);
                }
                producer.flush();
                sends.check();
                System.out.printf("published %,d warm-up events to %s%n", o.warmup(), warmTopic);
            }

            long copyBefore = rawCopy(servers, copyRows, totalRows);
            TestDatabase workerDb = servers.newDatabase();
            ChildResult child = runWorker(servers, workerDb, topic, o, work, warmTopic, warmDb);
            long copyAfter = rawCopy(servers, copyRows, totalRows);
            double seconds = (child.last - child.first) / 1e9;
            Map<String, Long> stored = count(workerDb);
            if (!stored.equals(rows)) {
                throw new IllegalStateException("the worker stored " + stored + " rows, the COPY baseline " + rows);
            }
            String table = report(o, rows, totalRows, bytes, copyBefore, copyAfter, seconds, child);
            System.out.println(table);
            dev.chatlog.bench.BenchmarkPage.write("worker", table);
        }
    }

    /**
     * Remembers the first send the producer gave up on: a benchmark whose events did not all reach the
     * topic would wait for rows that never come, so it stops instead.
     */
    private static final class FailedSends implements Callback {
        private final AtomicReference<Exception> first = new AtomicReference<>();
        private final AtomicLong count = new AtomicLong();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                count.incrementAndGet();
                first.compareAndSet(null, exception);
            }
        }

        void check() {
            if (first.get() != null) {
                throw new IllegalStateException(count.get() + " events were not published", first.get());
            }
        }
    }

    /** One raw COPY of the final rows into a freshly migrated database; returns the elapsed nanoseconds. */
    private static long rawCopy(TestServers servers, WorkerCopyRows copyRows, long totalRows) throws Exception {
        TestDatabase copyDb = servers.newDatabase();
        Migrations.apply(copyDb.dataSource(), "chatlog");
        long nanos = WorkerRawCopy.run(copyDb.dataSource(), "chatlog", copyRows);
        System.out.printf("raw COPY: %,d rows in %.2f s = %,.0f rows/s%n", totalRows, nanos / 1e9, totalRows / (nanos / 1e9));
        return nanos;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The worker in a child JVM with the benchmark's heap, against a fresh database. */
    private static ChildResult runWorker(TestServers servers, TestDatabase db, String topic, Options o, Path work,
                                         String warmTopic, TestDatabase warmDb) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + o.heap(), "-Xms" + o.heap()));
        String extra = System.getenv("BENCH_WORKER_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerBenchmarkChild.class.getName(),
                Integer.toString(o.events())));
        if (warmTopic != null) {
            command.addAll(List.of(Integer.toString(o.warmup()), warmTopic, warmDb.jdbcUrl()));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("worker.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("CHATLOG_KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap());
        env.put("CHATLOG_TOPIC", topic);
        env.put("CHATLOG_DLQ_TOPIC", topic + ".dlq");
        env.put("CHATLOG_WORKER_APPLICATION_ID", servers.uniqueName("bench-worker"));
        env.put("CHATLOG_WORKER_STATE_DIR", work.resolve("state").toString());
        env.put("CHATLOG_DB_URL", db.jdbcUrl());
        env.put("CHATLOG_DB_USER", db.user());
        if (db.password() != null) {
            env.put("CHATLOG_DB_PASSWORD", db.password());
        }
        env.put("CHATLOG_WORKER_METRICS_PORT", "0");
        env.put("CHATLOG_WORKER_THREADS", Integer.toString(o.threads()));
        env.put("CHATLOG_TOPIC_PARTITIONS", Integer.toString(o.partitions()));
        System.out.printf("running the worker (heap %s, %d thread(s)); log in %s%n", o.heap(), o.threads(), work.resolve("worker.log"));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the benchmark's worker failed; see " + work.resolve("worker.log"));
        }
        String result = Files.readAllLines(work.resolve("worker.log")).stream().filter(l -> l.startsWith("RESULT "))
                .findFirst().orElseThrow(() -> new IllegalStateException("no RESULT line in " + work.resolve("worker.log")));
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : result.substring("RESULT ".length()).split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return new ChildResult(values.get("first"), values.get("last"), values.get("peakHeapUsed"),
                values.get("peakHeapAfterGc"), values.get("maxHeap"), values.get("batches"), values.get("flushNanos"),
                values.get("gcCount"), values.get("gcMillis"));
    }

    record ChildResult(long first, long last, long peakHeapUsed, long peakHeapAfterGc, long maxHeap, long batches,
                       long flushNanos, long gcCount, long gcMillis) {
    }

    private static Map<String, Long> count(TestDatabase db) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("conversations", "messages", "tool_calls")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM chatlog." + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static String report(Options o, Map<String, Long> rows, long totalRows, long bytes, long copyBefore,
                                 long copyAfter, double seconds, ChildResult child) {
        double copyRate = totalRows / ((copyBefore + copyAfter) / 2 / 1e9);
        double eventRate = o.events() / seconds;
        double rowRate = totalRows / seconds;
        String warm = o.warmup() > 0
                ? String.format("warmed up first on %,d events of another topic and database, in the same JVM", o.warmup())
                : "cold: the measured events are the first the JVM sees";
        return String.format("""
                Run of `bench/run worker --events %d --users %d --threads %d --heap %s --warmup %d` (%d partitions, %d cores).
                The worker runs in its own JVM with `-Xmx%s` (%s); Kafka and PostgreSQL run on the same machine.

                | measure | value |
                | --- | --- |
                | events published | %,d (%,d MB of JSON) |
                | final rows | %,d (%,d conversations, %,d messages, %,d tool calls) |
                | raw COPY of those rows into fresh tables, before and after the worker | %.2f s and %.2f s, mean **%,.0f rows/s** |
                | worker, first event consumed to last applied | %.2f s |
                | worker throughput | **%,.0f events/s** (%,.0f rows/s) |
                | worker events/s ÷ raw COPY rows/s | **%.0f%%** |
                | worker rows/s ÷ raw COPY rows/s | %.0f%% |
                | worker peak heap used | %,d MB of %,d MB |
                | worker heap after a collection, at most | %,d MB (%,d collections, %.1f s of pauses) |
                | PostgreSQL transactions of the worker | %,d, %,.0f events each on average, %.1f s in total, summed over its writers (%.0f%% of the run) |
                | machine load average during the run (1 min, at its end) | %.1f |
                """,
                o.events(), o.users(), o.threads(), o.heap(), o.warmup(), o.partitions(),
                Runtime.getRuntime().availableProcessors(), o.heap(), warm, o.events(), bytes / 1_000_000, totalRows,
                rows.get("conversations"), rows.get("messages"), rows.get("tool_calls"), copyBefore / 1e9, copyAfter / 1e9,
                copyRate, seconds, eventRate, rowRate, 100 * eventRate / copyRate, 100 * rowRate / copyRate,
                child.peakHeapUsed() / 1_000_000, child.maxHeap() / 1_000_000, child.peakHeapAfterGc() / 1_000_000,
                child.gcCount(), child.gcMillis() / 1e3, child.batches(),
                (double) o.events() / Math.max(1, child.batches()), child.flushNanos() / 1e9,
                100 * child.flushNanos() / 1e9 / seconds,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
