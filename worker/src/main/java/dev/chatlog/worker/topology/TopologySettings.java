package dev.chatlog.worker.topology;

import dev.chatlog.worker.config.WorkerConfig;
import dev.chatlog.worker.outbox.DrainSettings;
import java.time.Duration;

/**
 * What the topology needs from the configuration, and the input topic's partition count as found
 * at start-up (to tell records on the partition their key belongs to from the others).
 */
public record TopologySettings(String topic, String deadLetterTopic, Duration flushInterval,
                               Duration batchMinInterval, int batchMaxEvents, int outboxMaxEvents, int writers,
                               int inputPartitions) {

    public static TopologySettings of(WorkerConfig config, int inputPartitions) {
        return new TopologySettings(config.topic(), config.deadLetterTopic(), config.flushInterval(),
                config.batchMinInterval(), config.batchMaxEvents(), config.outboxMaxEvents(), config.writers(),
                inputPartitions);
    }

    DrainSettings drain() {
        return new DrainSettings(topic, flushInterval, batchMinInterval, batchMaxEvents, outboxMaxEvents, writers);
    }
}
