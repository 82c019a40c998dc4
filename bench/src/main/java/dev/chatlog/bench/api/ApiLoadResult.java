package dev.chatlog.bench.api;

import org.HdrHistogram.Histogram;

/** What one run measured: requests completed, failures, and latency in nanoseconds. */
record ApiLoadResult(String read, String driver, String mode, long requests, long errors, double seconds,
                     Histogram latencyNanos) {

    double throughput() {
        return requests / seconds;
    }

    double p50Millis() {
        return latencyNanos.getValueAtPercentile(50) / 1e6;
    }

    double p99Millis() {
        return latencyNanos.getValueAtPercentile(99) / 1e6;
    }

    static Histogram histogram() {
        return new Histogram(60_000_000_000L, 3);
    }
}
