package dev.chatlog.worker.outbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The tripwire of the outbox store's commit hook. The store hands its changes to the changelog only
 * when Kafka Streams calls {@code flushCache()} before a commit ({@link OutboxStore}); were a
 * Kafka Streams version to commit first, or a store wrapper to stop passing the call on, the input
 * offsets would move past events that exist only in memory. Every commit of input offsets passes
 * through {@link #beforeCommit(Map)} ({@link GuardedClientSupplier} wraps the producer that sends
 * them), which stops the worker when an outbox still holds an unlogged entry below the offset
 * being committed for its partition: the commit does not happen, so nothing is lost.
 */
public final class CommitGuard {

    private final String topic;
    private final Map<TopicPartition, OutboxStore> stores = new ConcurrentHashMap<>();

    /** Guards the offsets of {@code topic}, the input topic whose partitions the outbox stores hold. */
    public CommitGuard(String topic) {
        this.topic = topic;
    }

    void register(int partition, OutboxStore store) {
        stores.put(new TopicPartition(topic, partition), store);
    }

    void deregister(int partition, OutboxStore store) {
        stores.remove(new TopicPartition(topic, partition), store);
    }

    /**
     * Checks the offsets about to be committed (on the stream thread that owns their tasks, with no
     * record processed since the commit began); throws {@link CommitHookSkipped} when one would
     * pass an entry the changelog does not hold.
     */
    public void beforeCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            OutboxStore store = stores.get(e.getKey());
            if (store == null) {
                continue;
            }
            long unlogged = store.oldestUnloggedBelow(e.getValue().offset());
            if (unlogged >= 0) {
                throw new CommitHookSkipped(e.getKey(), e.getValue().offset(), unlogged);
            }
        }
    }

    /** Kafka Streams was about to commit past an outbox entry its changelog does not hold. */
    public static final class CommitHookSkipped extends IllegalStateException {
        CommitHookSkipped(TopicPartition partition, long committed, long unlogged) {
            super("Kafka Streams " + KafkaStreamsVersion.running() + " was about to commit offset " + committed
                    + " of " + partition + " while the outbox still held event " + unlogged
                    + " unlogged: this version no longer flushes the outbox store (CachedStateStore.flushCache) before"
                    + " it commits, and going on would lose events. The worker stops instead; run a Kafka Streams"
                    + " version the worker was audited with (" + String.join(", ", KafkaStreamsVersion.AUDITED)
                    + "), see worker/README.md, \"The outbox store and its commit hook\"");
        }
    }
}
