package dev.chatlog.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit's first {@code flushCache()} hands on every outbox store of its stream thread, so the
 * commit's first producer flush waits for all of them, and the later tasks' flushes find nothing.
 */
class StreamThreadStoresTest {

    @TempDir
    Path stateDir;

    private final StreamThreadStores threadStores = new StreamThreadStores();
    private final List<OutboxStore> opened = new ArrayList<>();

    private OutboxStore open(int partition) {
        KeyValueStore<Long, byte[]> logged = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("outbox-" + partition), Serdes.Long(), Serdes.ByteArray())
                .withLoggingDisabled().withCachingDisabled().build();
        OutboxStore store = new OutboxStore(logged, new CommitGuard("events"), threadStores);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stream-thread-stores-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<Void, Void> context =
                new MockProcessorContext<>(props, new TaskId(0, partition), stateDir.resolve("p" + partition).toFile());
        store.init(context.getStateStoreContext(), store);
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() {
        opened.forEach(OutboxStore::close);
    }

    private static byte[] value(long key) {
        return ("v" + key).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean holdsUnlogged(OutboxStore store) {
        return store.oldestUnloggedBelow(Long.MAX_VALUE) >= 0;
    }

    @Test
    void theFirstFlushOfACommitHandsOnEveryStoreOfTheThread() {
        OutboxStore first = open(0);
        OutboxStore second = open(1);
        OutboxStore third = open(2);
        first.put(10L, value(10));
        second.put(20L, value(20));
        third.put(30L, value(30));

        first.flushCache();

        assertThat(List.of(first, second, third)).noneMatch(StreamThreadStoresTest::holdsUnlogged);
        assertThat(second.get(20L)).isEqualTo(value(20));
    }

    @Test
    void aStoreOfAnotherThreadIsNotTouchedAndAFlushThereHandsOnItsOwnStoreOnly() throws Exception {
        OutboxStore mine = open(0);
        AtomicReference<OutboxStore> theirs = new AtomicReference<>();
        Thread other = new Thread(() -> theirs.set(open(1)));
        other.start();
        other.join();
        mine.put(10L, value(10));
        theirs.get().put(20L, value(20));

        mine.flushCache();
        assertThat(holdsUnlogged(mine)).isFalse();
        assertThat(holdsUnlogged(theirs.get())).isTrue();

        mine.put(11L, value(11));
        theirs.get().flushCache(); // called on this thread, which did not initialise it
        assertThat(holdsUnlogged(theirs.get())).isFalse();
        assertThat(holdsUnlogged(mine)).isTrue();
    }

    @Test
    void aClosedStoreIsNoLongerHandedOn() {
        OutboxStore first = open(0);
        OutboxStore second = open(1);
        second.put(20L, value(20));
        second.close();
        opened.remove(second);

        first.flushCache();

        assertThat(holdsUnlogged(first)).isFalse();
        assertThat(threadStores.size(Thread.currentThread())).isEqualTo(1);
    }
}
