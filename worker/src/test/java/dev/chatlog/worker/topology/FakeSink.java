package dev.chatlog.worker.topology;

import dev.chatlog.worker.sink.EventSink;
import dev.chatlog.worker.sink.PendingEvent;
import dev.chatlog.worker.sink.SinkResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A sink that records the batches it is given, and fails as often as told to first. */
final class FakeSink implements EventSink {

    final List<List<PendingEvent>> batches = new ArrayList<>();
    final Deque<RuntimeException> failures = new ArrayDeque<>();
    int attempts;
    long storedNextOffset;

    @Override
    public SinkResult apply(String topic, Map<Integer, List<PendingEvent>> eventsByPartition) {
        List<PendingEvent> events = eventsByPartition.values().stream().flatMap(List::stream).toList();
        attempts++;
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
        batches.add(List.copyOf(events));
        Map<String, Integer> applied = new HashMap<>();
        events.forEach(e -> applied.merge(e.event().type(), 1, Integer::sum));
        return new SinkResult(applied, Map.of(), 0, List.of());
    }

    @Override
    public long nextOffset(String topic, int partition) {
        return storedNextOffset;
    }

    List<Long> offsets() {
        return batches.stream().flatMap(List::stream).map(PendingEvent::offset).toList();
    }
}
