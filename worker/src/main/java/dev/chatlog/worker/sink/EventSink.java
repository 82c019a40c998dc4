package dev.chatlog.worker.sink;

import java.util.List;
import java.util.Map;

/**
 * Where the worker applies events. The PostgreSQL implementation writes a batch and the next
 * offset of each of its input partitions in one transaction; tests of the topology use a fake.
 */
public interface EventSink {

    /**
     * Applies the events of one or more input partitions of {@code topic} (per partition in
     * ascending offset order) exactly once: events below a partition's stored next offset are
     * skipped, and the stored offset moves to one past its last event. Either all of it happens or
     * nothing does (the method throws).
     */
    SinkResult apply(String topic, Map<Integer, List<PendingEvent>> eventsByPartition);

    /**
     * The stored next offset of {@code partition} of {@code topic}: every event below it is applied.
     * Throws when it cannot be read; the cause tells whether a retry may succeed.
     */
    long nextOffset(String topic, int partition);
}
