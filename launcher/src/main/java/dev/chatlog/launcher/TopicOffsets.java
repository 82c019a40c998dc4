package dev.chatlog.launcher;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** The earliest and end offsets of every partition of a topic. */
record TopicOffsets(Map<Integer, Long> earliest, Map<Integer, Long> end) {

    static TopicOffsets of(Admin admin, String topic) {
        try {
            int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> earliestSpec = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                earliestSpec.put(new TopicPartition(topic, p), OffsetSpec.earliest());
                latestSpec.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<Integer, Long> earliest = new HashMap<>();
            Map<Integer, Long> end = new HashMap<>();
            admin.listOffsets(earliestSpec).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> earliest.put(tp.partition(), info.offset()));
            admin.listOffsets(latestSpec).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> end.put(tp.partition(), info.offset()));
            return new TopicOffsets(Map.copyOf(earliest), Map.copyOf(end));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the offsets of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the offsets of topic '" + topic + "'", e);
        }
    }

    long total() {
        return end.keySet().stream().mapToLong(p -> end.get(p) - earliest.get(p)).sum();
    }

    /** Events from the earliest offsets up to {@code applied} (next offsets per partition). */
    long done(Map<Integer, Long> applied) {
        return end.keySet().stream()
                .mapToLong(p -> Math.max(0, Math.min(end.get(p), applied.getOrDefault(p, 0L)) - earliest.get(p)))
                .sum();
    }
}
