package dev.chatlog.worker.topology;

import dev.chatlog.worker.config.WorkerConfig;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration of the worker, built from {@link WorkerConfig}. */
public final class StreamsSettings {

    private static final int FETCH_PARTITION_BYTES = 256 * 1024;
    private static final int FETCH_MAX_BYTES = 4 * 1024 * 1024;
    private static final int BUFFERED_RECORDS_PER_PARTITION = 250;

    private StreamsSettings() {
    }

    public static Properties of(WorkerConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        // Outbox changes, dead letters and input offsets commit atomically: a crash neither loses
        // an outbox entry nor duplicates a dead letter of a rejected record.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        // The outbox store keeps its own changes until a commit (OutboxStore); no other store needs
        // Kafka Streams' record cache, so it gets no heap.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        // A task's state is only its outbox, a compacted changelog of the events waiting for
        // PostgreSQL: any instance restores it in moments. Count every instance as caught up, so a
        // joining instance takes its share of active tasks at once, not only a warm-up replica
        // until a probing rebalance (ten minutes later by default).
        p.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, Long.MAX_VALUE);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.topicReplicationFactor());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) config.sessionTimeout().toMillis());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) Math.max(500, config.sessionTimeout().toMillis() / 4));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Records wait for the drain in the outbox, not in the consumer: small read-ahead keeps the
        // heap for the batches (a fetch is a few MB, not the clients' default of up to 50 MB).
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), FETCH_PARTITION_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), FETCH_MAX_BYTES);
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, BUFFERED_RECORDS_PER_PARTITION);
        if (config.instanceId() != null) {
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId());
        }
        // The producer writes the outbox changelog, only the events that wait across a commit and
        // their tombstones, and rare dead letters: compressing them costs a fresh compression
        // buffer per batch and saves little.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
        // A task reads one partition, so there is nothing to wait for before processing its records.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // The drains start the next batch when the stream thread comes back from a poll: on a quiet
        // topic a poll must not hold events that gathered during a write for longer than this.
        p.put(StreamsConfig.POLL_MS_CONFIG, config.flushInterval().toMillis());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 2 * TopicSetup.MAX_MESSAGE_BYTES);
        return p;
    }
}
