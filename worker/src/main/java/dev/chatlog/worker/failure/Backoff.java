package dev.chatlog.worker.failure;

import java.time.Duration;

/**
 * Exponential backoff between attempts, doubling from a first delay up to a ceiling, reset by a
 * success. It keeps no clock: callers ask how long to wait and record the outcome.
 */
public final class Backoff {

    private final long firstNanos;
    private final long maxNanos;
    private long nextDelayNanos;
    private long notBeforeNanos;
    private int failures;

    public Backoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
        }
        this.firstNanos = first.toNanos();
        this.maxNanos = max.toNanos();
        this.nextDelayNanos = firstNanos;
    }

    /** Records a failed attempt at {@code nowNanos}; the next one waits one delay longer than the last. */
    public Duration failed(long nowNanos) {
        long delay = nextDelayNanos;
        notBeforeNanos = nowNanos + delay;
        nextDelayNanos = Math.min(maxNanos, delay * 2);
        failures++;
        return Duration.ofNanos(delay);
    }

    /** Records a successful attempt: the next failure starts from the first delay again. */
    public void succeeded() {
        nextDelayNanos = firstNanos;
        notBeforeNanos = 0;
        failures = 0;
    }

    /** How long to wait at {@code nowNanos} before the next attempt; zero when it may go now. */
    public Duration remaining(long nowNanos) {
        return failures == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, notBeforeNanos - nowNanos));
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }
}
