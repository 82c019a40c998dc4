package dev.chatlog.bench;

import ch.qos.logback.classic.Level;
import dev.chatlog.bench.latency.LatencyRun;
import dev.chatlog.testkit.KafkaBroker;
import org.slf4j.LoggerFactory;

/**
 * Measures how soon a published event is readable: publishes synthetic events at a fixed rate
 * (default 5,000 events/s) with the JVM publisher, while the worker (its own JVM, 256 MB heap) and
 * the query API (its own JVM) run, and the broker runs with Kafka's own JVM options; the rate holds for
 * a minute first, so that the JVMs' compilers are done and what is measured is a steady flow; for a sample of the messages, reads the conversation through the
 * API with {@code consistent_with} as soon as the producer acknowledges the event, and times the
 * acknowledgement to the answer that holds the message. The baseline, in the same run, is the same
 * reads again once everything is applied: what the API takes to answer them at all. Prints the
 * figures and writes them to docs/benchmarks.md. Usage: {@code bench/run latency [--rate 5000]
 * [--seconds 30] [--warmup-seconds 60] [--users 1000] [--read-every 20] [--heap 256m]};
 * {@code BENCH_WORKER_JAVA_OPTS} adds JVM options to the worker's JVM, and {@code CHATLOG_*}
 * variables of the worker's settings (e.g. {@code CHATLOG_FLUSH_INTERVAL_MS}) pass through to it.
 */
public final class LatencyBenchmark {

    private LatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        // a steady flow, so the broker runs as in production (BENCH_JAVA_OPTS may say otherwise)
        System.getProperties().putIfAbsent(KafkaBroker.JVM_OPTIONS_PROPERTY, KafkaBroker.PRODUCTION_JVM_OPTIONS);
        LatencyRun.run(LatencyRun.Options.parse(args));
        System.exit(0);
    }
}
