package dev.chatlog.api.ops;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The answer of {@code /health/ready}, checked at most once per {@code maxAge}: the endpoint needs no
 * token, so without this every call would cost a database query. While one request checks, the
 * others take the last answer instead of queueing behind it.
 */
final class Readiness {

    private record Answer(boolean ready, long atNanos) {
    }

    private final BooleanSupplier check;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Answer last;

    /** @param check true when ready; it logs its own failures */
    Readiness(BooleanSupplier check, Duration maxAge, LongSupplier nanoTime) {
        this.check = check;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    boolean ready() {
        Answer answer = last;
        if (answer != null && nanoTime.getAsLong() - answer.atNanos() < maxAgeNanos) {
            return answer.ready();
        }
        if (answer != null && !checking.tryLock()) {
            return answer.ready();
        }
        if (answer == null) {
            checking.lock();
        }
        try {
            answer = last;
            if (answer == null || nanoTime.getAsLong() - answer.atNanos() >= maxAgeNanos) {
                answer = new Answer(check.getAsBoolean(), nanoTime.getAsLong());
                last = answer;
            }
            return answer.ready();
        } finally {
            checking.unlock();
        }
    }
}
