package dev.chatlog.bench.worker;

import ch.qos.logback.classic.Level;
import dev.chatlog.worker.Worker;
import dev.chatlog.worker.config.WorkerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Runs the worker in the benchmark's child JVM (started with a small heap) until it has handled
 * the expected number of events, and prints one RESULT line: when it consumed its first event,
 * when it applied its last, and the heap it needed.
 */
public final class WorkerBenchmarkChild {

    private WorkerBenchmarkChild() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        long expected = Long.parseLong(args[0]);
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        try (Worker worker = Worker.start(WorkerConfig.fromEnv(System.getenv()))) {
            MeterRegistry registry = worker.meterRegistry();
            long first = 0;
            long peakUsed = 0;
            long peakLive = 0;
            while (true) {
                long now = System.nanoTime();
                double consumed = registry.get("chatlog.worker.events.consumed").counter().count();
                if (first == 0 && consumed > 0) {
                    first = now;
                }
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long live = heap.stream().mapToLong(p -> p.getCollectionUsage() == null ? 0 : p.getCollectionUsage().getUsed()).sum();
                peakUsed = Math.max(peakUsed, used);
                peakLive = Math.max(peakLive, live);
                if (handled(registry) >= expected) {
                    var flush = registry.get("chatlog.worker.flush.latency").timer();
                    System.out.printf("RESULT first=%d last=%d peakHeapUsed=%d peakHeapAfterGc=%d maxHeap=%d"
                                    + " batches=%d flushNanos=%d%n", first, now, peakUsed, peakLive,
                            Runtime.getRuntime().maxMemory(), flush.count(),
                            (long) flush.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS));
                    System.out.flush();
                    return;
                }
                if (worker.hasFailed()) {
                    throw new IllegalStateException("the worker failed during the benchmark");
                }
                Thread.sleep(20);
            }
        }
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
}
