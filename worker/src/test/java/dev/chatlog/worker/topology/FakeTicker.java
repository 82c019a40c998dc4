package dev.chatlog.worker.topology;

import dev.chatlog.worker.outbox.Ticker;
import java.time.Duration;

/** Time that moves only when a test advances it, or when the code under test sleeps. */
final class FakeTicker implements Ticker {

    private long nanos = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(Duration duration) {
        advance(duration);
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }
}
