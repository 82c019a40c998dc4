package dev.chatlog.worker.failure;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Repeats a start-up step with backoff while its failure is transient (a server not up yet). */
public final class Retry {

    private static final Logger log = LoggerFactory.getLogger(Retry.class);

    /** A step that may fail with any exception. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws Exception;
    }

    private Retry() {
    }

    /**
     * Runs {@code step} until it succeeds, waiting 100 ms doubling to 5 s between transient
     * failures, for at most {@code limit}; a failure of any other class is thrown at once.
     */
    public static <T> T whileTransient(String what, Duration limit, Step<T> step) {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                return step.run();
            } catch (Exception e) {
                if (FailureClassifier.classify(e) != FailureClass.TRANSIENT || System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
                }
                Duration wait = backoff.failed(System.nanoTime());
                if (backoff.failures() == 1) {
                    log.warn("could not {} yet, retrying with backoff: {}", what, e.toString());
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while trying to " + what, ie);
                }
            }
        }
    }
}
