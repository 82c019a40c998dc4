package dev.chatlog.worker.outbox;

import java.time.Duration;

/**
 * What the drains need from the configuration: the input topic, how often they write everything,
 * the least time between the starts of two batches of one writer that are not full, the largest
 * batch, the most events the outboxes of one drain hold, and the writers per thread.
 */
public record DrainSettings(String topic, Duration flushInterval, Duration batchMinInterval, int batchMaxEvents,
                            int outboxMaxEvents, int writers) {

    /**
     * What one of a stream thread's {@code writers} drains works with: the thread's batch and outbox
     * limits shared evenly, so more writers overlap transactions without buffering more events.
     */
    DrainSettings perWriter() {
        int batch = Math.max(1, batchMaxEvents / writers);
        return new DrainSettings(topic, flushInterval, batchMinInterval, batch,
                Math.max(batch, outboxMaxEvents / writers), 1);
    }
}
