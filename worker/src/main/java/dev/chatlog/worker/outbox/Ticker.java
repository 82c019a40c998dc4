package dev.chatlog.worker.outbox;

import java.time.Duration;

/** The time source of the drain's backoff; tests replace it to control time. */
public interface Ticker {

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }
    };

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
}
