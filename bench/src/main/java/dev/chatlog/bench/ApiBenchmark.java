package dev.chatlog.bench;

import ch.qos.logback.classic.Level;
import dev.chatlog.bench.api.ApiBenchRun;
import org.slf4j.LoggerFactory;

/**
 * Measures the query API at a fixed rate and at saturation, next to pgbench running the same SQL
 * with the same number of database connections in the same run. {@code --reads hot} (the default):
 * its two hot reads, the last 50 items of a conversation and the first page of conversations of a
 * user with 10,000 of them, over a dataset of 1,000 users and 5 million items. {@code --reads find}:
 * finding tool calls by name and by JSON content and full-text search for a common and a rare
 * word, across the history of a user with 10,000 conversations and 500,000 items, at 200 requests/s.
 * The API runs in its own JVM with a 256 MB heap. Prints the figures and writes them to
 * docs/benchmarks.md (sections {@code api} and {@code api-find}). Usage: {@code bench/run api
 * [--reads hot|find|all] [--items N] [--heavy-items N] [--rate R] [--find-rate R] [--seconds S]
 * [--db-connections P] [--http-connections H] [--heap 256m]}.
 * PostgreSQL is embedded unless {@code CHATLOG_DB_URL} names one; {@code BENCH_API_JAVA_OPTS} adds
 * options to the API's JVM.
 */
public final class ApiBenchmark {

    private ApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ApiBenchRun.run(dev.chatlog.bench.api.ApiBenchOptions.parse(args));
        System.exit(0);
    }
}
