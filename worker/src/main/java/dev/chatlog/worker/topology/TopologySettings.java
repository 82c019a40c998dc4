package dev.chatlog.worker.topology;

import dev.chatlog.worker.config.WorkerConfig;
import dev.chatlog.worker.outbox.DrainSettings;
import java.time.Duration;

/** What the topology needs from the configuration. */
public record TopologySettings(String topic, String deadLetterTopic, Duration flushInterval, int batchMaxEvents,
                               int outboxMaxEvents, int writers) {

    public static TopologySettings of(WorkerConfig config) {
        return new TopologySettings(config.topic(), config.deadLetterTopic(), config.flushInterval(),
                config.batchMaxEvents(), config.outboxMaxEvents(), config.writers());
    }

    DrainSettings drain() {
        return new DrainSettings(topic, flushInterval, batchMaxEvents, outboxMaxEvents, writers);
    }
}
