package dev.chatlog.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.event.EventParser;
import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.sink.EventSink;
import dev.chatlog.worker.sink.PendingEvent;
import dev.chatlog.worker.sink.SinkResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Which writer a task's outbox goes through: a stream thread's outboxes spread evenly over its
 * writers, whatever their partitions' numbers, and one outbox stays with one writer.
 */
class DrainRegistryTest {

    private static final EventSink SINK = new EventSink() {
        @Override
        public SinkResult apply(String topic, Map<Integer, List<PendingEvent>> byPartition) {
            return new SinkResult(Map.of(), Map.of(), 0, List.of());
        }

        @Override
        public long nextOffset(String topic, int partition) {
            return 0;
        }
    };
    private final DrainRegistry registry = new DrainRegistry(SINK, new EventParser(),
            new WorkerMetrics(new SimpleMeterRegistry()),
            new DrainSettings("chat.events", Duration.ofMillis(10), Duration.ZERO, 1000, 10_000, 2), Ticker.SYSTEM,
            false);

    @Test
    void aThreadWithOnlyEvenPartitionsUsesBothItsWriters() {
        // Kafka Streams gives two threads of an instance alternate partitions: 0, 2, 4, ... and 1, 3, 5, ...
        Map<Drain, List<Integer>> byDrain = new IdentityHashMap<>();
        for (int partition : new int[] {0, 2, 4, 6, 8, 10}) {
            byDrain.computeIfAbsent(registry.register(outbox(partition)), d -> new ArrayList<>()).add(partition);
        }

        assertThat(byDrain.values()).hasSize(2).allSatisfy(partitions -> assertThat(partitions).hasSize(3));
    }

    @Test
    void eachThreadHasDrainsOfItsOwnAndAnOutboxLeavesTheDrainItJoined() throws InterruptedException {
        Outbox zero = outbox(0);
        Outbox two = outbox(2);
        Drain first = registry.register(zero);
        Drain second = registry.register(two);
        AtomicReference<Drain> otherThreads = new AtomicReference<>();
        Thread other = new Thread(() -> otherThreads.set(registry.register(outbox(1))));
        other.start();
        other.join();

        assertThat(second).isNotSameAs(first);
        assertThat(otherThreads.get()).isNotSameAs(first).isNotSameAs(second);

        // partition 0 leaves; the next outbox goes to the writer it freed, the other keeps partition 2
        registry.deregister(zero);
        Drain next = registry.register(outbox(4));
        assertThat(next).isNotSameAs(second);
        registry.deregister(two);
        assertThat(registry.register(outbox(6))).isNotSameAs(next);
    }

    @Test
    void anOutboxOfAPartitionStillRegisteredGoesToThatPartitionsWriter() {
        registry.register(outbox(0));
        Drain ofTwo = registry.register(outbox(2));

        assertThat(registry.register(outbox(2))).isSameAs(ofTwo);
    }

    private static Outbox outbox(int partition) {
        KeyValueStore<Long, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("outbox-" + partition),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return new Outbox(partition, store);
    }
}
