package dev.chatlog.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.EventParser;
import dev.chatlog.worker.TestEvents;
import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.sink.EventSink;
import dev.chatlog.worker.sink.PendingEvent;
import dev.chatlog.worker.sink.SinkResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drain's batching with a writer that finishes a transaction only when the test says so: a
 * batch starts at once while none is in flight, and what arrives during a write goes in the next.
 */
class DrainTest {

    private static final EventParser PARSER = new EventParser();

    private final TestEvents events = new TestEvents();
    private final Deque<Runnable> writes = new ArrayDeque<>();
    private final Executor writer = writes::add;
    private final List<List<Long>> batches = new ArrayList<>();
    private final EventSink sink = new EventSink() {
        @Override
        public SinkResult apply(String topic, Map<Integer, List<PendingEvent>> byPartition) {
            List<PendingEvent> all = byPartition.values().stream().flatMap(List::stream).toList();
            batches.add(all.stream().map(PendingEvent::offset).toList());
            return new SinkResult(Map.of(), Map.of(), 0, List.of());
        }

        @Override
        public long nextOffset(String topic, int partition) {
            return 0;
        }
    };
    private long now;
    private final Ticker ticker = new Ticker() {
        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {
        }
    };
    private Outbox outbox;
    private Drain drain;
    private long offset;

    @BeforeEach
    void drain() {
        KeyValueStore<Long, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("outbox"),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        outbox = new Outbox(0, store);
        drain = drain(Duration.ZERO);
    }

    private Drain drain(Duration batchMinInterval) {
        Drain d = new Drain(sink, PARSER, new WorkerMetrics(new SimpleMeterRegistry()),
                new DrainSettings("chat.events", Duration.ofMillis(10), batchMinInterval, 3, 100, 1), ticker,
                writer);
        d.register(outbox);
        return d;
    }

    private void arrive(ChatEvent event) {
        outbox.add(offset++, TestEvents.key(event), TestEvents.value(event));
        drain.onRecord();
    }

    /** The writer finishes the transaction it is running. */
    private void finishWrite() {
        writes.poll().run();
    }

    @Test
    void writesAnEventAloneAndAtOnceWhileTheWriterIsIdle() {
        arrive(events.message("u1", "c1", "m1", "one"));

        assertThat(writes).hasSize(1);
        finishWrite();
        assertThat(batches).containsExactly(List.of(0L));
    }

    @Test
    void gathersWhatArrivesDuringAWriteIntoTheNextBatchUpToTheLargest() {
        arrive(events.message("u1", "c1", "m1", "one"));
        // one more: with the one in flight, one short of a full batch, at which the stream thread would wait
        arrive(events.message("u1", "c1", "m2", "more"));
        assertThat(writes).as("one transaction in flight at a time").hasSize(1);

        finishWrite();
        drain.onSchedule();
        assertThat(writes).as("the next batch starts as soon as the first is collected").hasSize(1);
        arrive(events.message("u1", "c1", "m3", "during the second write"));
        finishWrite();
        drain.onSchedule();
        finishWrite();
        drain.onSchedule();

        assertThat(batches).containsExactly(List.of(0L), List.of(1L), List.of(2L));
        assertThat(writes).isEmpty();
        assertThat(outbox.pendingCount()).isZero();
    }

    /** A drain spacing its batches by 10 ms that has written one event at time 0; the clock then reads {@code later}. */
    private void oneBatchWrittenWithAnIntervalOf10Ms(Duration later) {
        drain = drain(Duration.ofMillis(10));
        arrive(events.message("u1", "c1", "m1", "one"));
        finishWrite();
        now = later.toNanos();
    }

    @Test
    void aBatchThatIsNotFullBeginsNoSoonerThanTheIntervalAfterTheOneBefore() {
        oneBatchWrittenWithAnIntervalOf10Ms(Duration.ofMillis(4));
        drain.onSchedule();
        arrive(events.message("u1", "c1", "m2", "4 ms after the first batch began"));
        now = Duration.ofMillis(9).toNanos();
        drain.onSchedule();
        assertThat(writes).as("no batch within 10 ms of the last one's start").isEmpty();

        now = Duration.ofMillis(10).toNanos();
        drain.onSchedule();
        assertThat(writes).hasSize(1);
        finishWrite();
        assertThat(batches).containsExactly(List.of(0L), List.of(1L));
    }

    @Test
    void anEventAfterAQuietSpellIsWrittenAtOnceWhateverTheInterval() {
        oneBatchWrittenWithAnIntervalOf10Ms(Duration.ofMillis(50));
        arrive(events.message("u1", "c1", "m2", "long after"));

        assertThat(writes).as("the last batch began 50 ms ago").hasSize(1);
        finishWrite();
        assertThat(batches).containsExactly(List.of(0L), List.of(1L));
    }

    @Test
    void aFullBatchDoesNotWaitForTheInterval() {
        // a writer that finishes each transaction at once: with a full batch in flight the stream thread waits for it
        drain = new Drain(sink, PARSER, new WorkerMetrics(new SimpleMeterRegistry()),
                new DrainSettings("chat.events", Duration.ofMillis(10), Duration.ofSeconds(10), 3, 100, 1), ticker,
                Runnable::run);
        drain.register(outbox);
        arrive(events.message("u1", "c1", "m1", "one"));
        now = Duration.ofMillis(1).toNanos();
        arrive(events.message("u1", "c1", "m2", "two"));
        arrive(events.message("u1", "c1", "m3", "three"));
        assertThat(batches).as("within the interval").containsExactly(List.of(0L));

        arrive(events.message("u1", "c1", "m4", "four: a full batch of three waits"));
        assertThat(batches).containsExactly(List.of(0L), List.of(1L, 2L, 3L));
        assertThat(outbox.pendingCount()).isZero();
    }

    @Test
    void holdsTheStreamThreadOnceAFullBatchIsPendingUntilTheBatchInFlightIsWritten() throws Exception {
        ExecutorService slowWriter = Executors.newSingleThreadExecutor();
        try {
            Drain held = new Drain(sink, PARSER, new WorkerMetrics(new SimpleMeterRegistry()),
                    new DrainSettings("chat.events", Duration.ofMillis(10), Duration.ZERO, 3, 100, 1),
                    Ticker.SYSTEM,
                    task -> slowWriter.execute(() -> {
                        sleepQuietly(Duration.ofMillis(300));
                        task.run();
                    }));
            held.register(outbox);
            for (int i = 0; i < 3; i++) {
                ChatEvent event = events.message("u1", "c1", "m" + i, "x");
                outbox.add(offset++, TestEvents.key(event), TestEvents.value(event));
                held.onRecord();
            }
            // the third event made a full batch pending (one in flight, two behind it): onRecord
            // returned only once the first batch was written
            assertThat(batches).containsExactly(List.of(0L));
        } finally {
            slowWriter.shutdownNow();
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void startsTheNextBatchOnTheScheduleWhenNoFurtherRecordArrives() {
        arrive(events.message("u1", "c1", "m1", "one"));
        arrive(events.message("u1", "c1", "m2", "two"));
        finishWrite();
        assertThat(writes).isEmpty();

        drain.onSchedule();

        assertThat(writes).hasSize(1);
        finishWrite();
        assertThat(batches).containsExactly(List.of(0L), List.of(1L));
    }
}
