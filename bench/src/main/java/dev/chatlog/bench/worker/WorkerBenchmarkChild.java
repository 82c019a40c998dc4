package dev.chatlog.bench.worker;

import ch.qos.logback.classic.Level;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.chatlog.worker.Worker;
import dev.chatlog.worker.config.WorkerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.slf4j.LoggerFactory;

/**
 * Runs the worker in the benchmark's child JVM (started with a small heap) and prints one RESULT
 * line: when it consumed its first event, when it applied its last, and the heap it needed. With a
 * warm-up, a first worker applies the warm-up topic to its own database and stops, so the measured
 * worker runs on code the JIT compiler has already compiled, as a long-running worker does.
 * <p>
 * Arguments: expected events, then optionally warm-up events, warm-up topic and warm-up JDBC URL.
 */
public final class WorkerBenchmarkChild {

    private static final long POLL_MILLIS = 50;

    private WorkerBenchmarkChild() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        long expected = Long.parseLong(args[0]);
        if (args.length > 1 && Long.parseLong(args[1]) > 0) {
            warmUp(Long.parseLong(args[1]), args[2], args[3]);
        }
        HeapWatch heap = new HeapWatch();
        try (Worker worker = Worker.start(WorkerConfig.fromEnv(System.getenv()))) {
            MeterRegistry registry = worker.meterRegistry();
            long first = 0;
            while (true) {
                long now = System.nanoTime();
                if (first == 0 && registry.get("chatlog.worker.events.consumed").counter().count() > 0) {
                    first = now;
                }
                heap.sample();
                if (handled(registry) >= expected) {
                    var flush = registry.get("chatlog.worker.flush.latency").timer();
                    System.out.printf("RESULT first=%d last=%d peakHeapUsed=%d peakHeapAfterGc=%d maxHeap=%d"
                                    + " batches=%d flushNanos=%d gcCount=%d gcMillis=%d%n", first, now, heap.peakUsed.get(),
                            heap.peakAfterGc.get(), Runtime.getRuntime().maxMemory(), flush.count(),
                            (long) flush.totalTime(TimeUnit.NANOSECONDS), heap.collections.get(), heap.gcMillis.get());
                    System.out.flush();
                    return;
                }
                if (worker.hasFailed()) {
                    throw new IllegalStateException("the worker failed during the benchmark");
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    private static void warmUp(long events, String topic, String jdbcUrl) throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CHATLOG_TOPIC", topic);
        env.put("CHATLOG_DLQ_TOPIC", topic + ".dlq");
        env.put("CHATLOG_DB_URL", jdbcUrl);
        env.put("CHATLOG_WORKER_APPLICATION_ID", env.get("CHATLOG_WORKER_APPLICATION_ID") + "-warmup");
        env.put("CHATLOG_WORKER_STATE_DIR", env.get("CHATLOG_WORKER_STATE_DIR") + "-warmup");
        long start = System.nanoTime();
        try (Worker worker = Worker.start(WorkerConfig.fromEnv(env))) {
            while (handled(worker.meterRegistry()) < events) {
                if (worker.hasFailed()) {
                    throw new IllegalStateException("the warm-up worker failed");
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
        System.out.printf("WARMUP events=%d seconds=%.1f%n", events, (System.nanoTime() - start) / 1e9);
    }

    private static double handled(MeterRegistry registry) {
        double sum = 0;
        for (String name : List.of("chatlog.worker.events.applied", "chatlog.worker.events.duplicate")) {
            for (Counter c : registry.find(name).counters()) {
                sum += c.count();
            }
        }
        return sum;
    }

    /** Heap used at its peaks (just before each collection, and between polls) and just after each collection. */
    private static final class HeapWatch {
        final AtomicLong peakUsed = new AtomicLong();
        final AtomicLong peakAfterGc = new AtomicLong();
        final AtomicLong collections = new AtomicLong();
        final AtomicLong gcMillis = new AtomicLong();

        HeapWatch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    collections.incrementAndGet();
                    gcMillis.addAndGet(info.getGcInfo().getDuration());
                    peakUsed.accumulateAndGet(used(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
                    peakAfterGc.accumulateAndGet(used(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                }, null, null);
            }
        }

        void sample() {
            peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        }

        private static long used(Map<String, MemoryUsage> pools) {
            long sum = 0;
            for (var e : pools.entrySet()) {
                if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code") && !e.getKey().contains("Class")) {
                    sum += e.getValue().getUsed();
                }
            }
            return sum;
        }
    }
}
