package dev.chatlog.bench;

import ch.qos.logback.classic.Level;
import dev.chatlog.bench.latency.LatencyRun;
import org.slf4j.LoggerFactory;

/**
 * Measures how soon a published event is readable: publishes synthetic events at a fixed rate
 * (default 5,000 events/s) with the JVM publisher, while the worker (its own JVM, 256 MB heap) and
 * the query API (its own JVM) run; for a sample of the messages, reads the conversation through the
 * API with {@code consistent_with} as soon as the producer acknowledges the event, and times the
 * acknowledgement to the answer that holds the message. The baseline, in the same run, is the same
 * reads again once everything is applied: what the API takes to answer them at all. Prints the
 * figures and writes them to docs/benchmarks.md. Usage: {@code bench/run latency [--rate 5000]
 * [--seconds 30] [--warmup-seconds 10] [--users 1000] [--read-every 20] [--heap 256m]};
 * {@code BENCH_WORKER_JAVA_OPTS} adds JVM options to the worker's JVM, and {@code CHATLOG_*}
 * variables of the worker's settings (e.g. {@code CHATLOG_FLUSH_INTERVAL_MS}) pass through to it.
 */
public final class LatencyBenchmark {

    private LatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        LatencyRun.run(LatencyRun.Options.parse(args));
        System.exit(0);
    }
}
