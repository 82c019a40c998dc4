package dev.chatlog.worker.topology;

import dev.chatlog.event.EventParser;
import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.outbox.CommitGuard;
import dev.chatlog.worker.outbox.DrainRegistry;
import dev.chatlog.worker.outbox.OutboxStoreBuilder;
import dev.chatlog.worker.outbox.Ticker;
import dev.chatlog.worker.sink.EventSink;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * Builds the worker's topology: input topic → intake processor (with its outbox store) → the
 * dead-letter topic for rejected records. The intake processor validates and queues; the drains
 * of the {@code outbox} package write the queued events to PostgreSQL through the {@code sink}.
 */
public final class WorkerTopology {

    static final String SOURCE = "chat-events";
    static final String PROCESSOR = "intake";
    static final String DEAD_LETTER_SINK = "dead-letters";
    /** Name of the outbox store; its changelog topic is {@code <application id>-outbox-changelog}. */
    public static final String OUTBOX_STORE = "outbox";

    private WorkerTopology() {
    }

    /** {@code guard} must be the one the Kafka Streams client's producers report commits to ({@code GuardedClientSupplier}). */
    public static Topology build(TopologySettings settings, EventParser parser, EventSink sink, WorkerMetrics metrics,
                                 CommitGuard guard) {
        return build(settings, parser, sink, metrics, guard, Ticker.SYSTEM, true);
    }

    /** With a test's ticker, the drain writes on the stream thread, so a test sees each batch as it is taken. */
    static Topology build(TopologySettings settings, EventParser parser, EventSink sink, WorkerMetrics metrics,
                          Ticker ticker) {
        return build(settings, parser, sink, metrics, new CommitGuard(settings.topic()), ticker, false);
    }

    private static Topology build(TopologySettings settings, EventParser parser, EventSink sink, WorkerMetrics metrics,
                                  CommitGuard guard, Ticker ticker, boolean writeInBackground) {
        PartitionCheck partitionCheck = new PartitionCheck(settings.topic(), settings.inputPartitions(),
                metrics.registry());
        DrainRegistry drains = new DrainRegistry(sink, parser, metrics, settings.drain(), ticker, writeInBackground);
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), settings.topic());
        topology.addProcessor(PROCESSOR, () -> new IntakeProcessor(parser, metrics, settings, drains, partitionCheck), SOURCE);
        topology.addStateStore(new OutboxStoreBuilder(OUTBOX_STORE, changelogConfig(), guard), PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, settings.deadLetterTopic(), new ByteArraySerializer(),
                new ByteArraySerializer(), PROCESSOR);
        return topology;
    }

    /** Small segments and a short tombstone retention keep the changelog, and so a restore, short. */
    static Map<String, String> changelogConfig() {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024),
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(10 * 60 * 1000L),
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
                TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(60 * 60 * 1000L),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(TopicSetup.MAX_MESSAGE_BYTES));
    }
}
