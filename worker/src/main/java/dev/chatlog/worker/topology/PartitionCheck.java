package dev.chatlog.worker.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts records that sit on another partition than Java's default partitioner gives their key
 * (murmur2 of the key, modulo the partition count): a producer that hashes differently, such as a
 * librdkafka client left at its {@code consistent_random} default, or partitions added to the
 * topic. The worker applies such records correctly (a user's events may span partitions), but
 * their order against the user's other events is then undefined, so an operator should know.
 * Logged at most once a minute per partition, with the count since the last line.
 */
final class PartitionCheck {

    private static final Logger log = LoggerFactory.getLogger(PartitionCheck.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final String topic;
    private final MeterRegistry registry;
    private final AtomicInteger partitions;
    private final Map<Integer, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> lastLogNanos = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> sinceLog = new ConcurrentHashMap<>();

    /** {@code partitions}: the input topic's partition count as the worker found it at start-up. */
    PartitionCheck(String topic, int partitions, MeterRegistry registry) {
        this.topic = topic;
        this.partitions = new AtomicInteger(Math.max(1, partitions));
        this.registry = registry;
    }

    /** A task of {@code partition} started: the topic has at least one more partition than that. */
    void sawPartition(int partition) {
        partitions.accumulateAndGet(partition + 1, Math::max);
    }

    /** The partition Java's default partitioner gives {@code key}. */
    static int expected(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** Checks one record; returns whether it sits where its key belongs. */
    boolean check(byte[] key, int partition, long nowNanos) {
        if (key == null) {
            return true;
        }
        int expected = expected(key, partitions.get());
        if (expected == partition) {
            return true;
        }
        counters.computeIfAbsent(partition, p -> Counter.builder("chatlog.worker.records.mispartitioned")
                .tag("topic", topic).tag("partition", Integer.toString(p))
                .description("records on another partition than murmur2(key) modulo the partition count")
                .register(registry)).increment();
        long unlogged = sinceLog.computeIfAbsent(partition, p -> new AtomicLong()).incrementAndGet();
        AtomicLong last = lastLogNanos.computeIfAbsent(partition, p -> new AtomicLong(nowNanos - LOG_EVERY_NANOS));
        long previous = last.get();
        if (nowNanos - previous >= LOG_EVERY_NANOS && last.compareAndSet(previous, nowNanos)) {
            sinceLog.get(partition).addAndGet(-unlogged);
            log.warn("{} records on {}-{} whose key belongs on another partition by murmur2 (this one on {}): a "
                    + "producer hashes keys differently (librdkafka clients need partitioner=murmur2_random), or "
                    + "partitions were added; their order against the same user's other events is undefined",
                    unlogged, topic, partition, expected);
        }
        return false;
    }
}
