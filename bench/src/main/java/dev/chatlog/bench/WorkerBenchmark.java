package dev.chatlog.bench;

import ch.qos.logback.classic.Level;
import dev.chatlog.bench.worker.WorkerBenchmarkRun;
import org.slf4j.LoggerFactory;

/**
 * Measures the worker: publishes N synthetic events (default 1,000,000 over 10,000 users), times a
 * raw COPY of the same final rows into freshly migrated tables before and after the worker, and
 * times the worker (in a child JVM with a 256 MB heap, first warmed up on other events, as a
 * long-running worker is) from its first consumed event to its last applied one. Prints the figures
 * and writes them to docs/benchmarks.md. Usage: {@code bench/run worker [--events N] [--users U]
 * [--threads T] [--heap 256m] [--warmup N, 0 for a cold JVM]}; {@code BENCH_WORKER_JAVA_OPTS} adds JVM
 * options to the worker's JVM.
 */
public final class WorkerBenchmark {

    private WorkerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        WorkerBenchmarkRun.Options options = WorkerBenchmarkRun.Options.parse(args);
        WorkerBenchmarkRun.run(options);
        System.exit(0);
    }
}
