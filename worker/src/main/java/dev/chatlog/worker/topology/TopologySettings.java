package dev.chatlog.worker.topology;

import dev.chatlog.worker.config.WorkerConfig;
import java.time.Duration;

/** What the topology needs from the configuration. */
public record TopologySettings(String topic, String deadLetterTopic, Duration flushInterval, int batchMaxEvents,
                               int outboxMaxEvents, int writers) {

    public static TopologySettings of(WorkerConfig config) {
        return new TopologySettings(config.topic(), config.deadLetterTopic(), config.flushInterval(),
                config.batchMaxEvents(), config.outboxMaxEvents(), config.writers());
    }

    /**
     * What one of a stream thread's {@code writers} drains works with: the thread's batch and outbox
     * limits shared evenly, so more writers overlap transactions without buffering more events.
     */
    TopologySettings perWriter() {
        int batch = Math.max(1, batchMaxEvents / writers);
        return new TopologySettings(topic, deadLetterTopic, flushInterval, batch,
                Math.max(batch, outboxMaxEvents / writers), 1);
    }
}
