package dev.chatlog.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tripwire, with commits simulated: one after the store's hook ran, and one that skipped it. */
class CommitGuardTest {

    private static final String TOPIC = "chat.events";

    private final CommitGuard guard = new CommitGuard(TOPIC);
    private OutboxStore store;

    @BeforeEach
    void store() {
        KeyValueStore<Long, byte[]> logged = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("outbox"),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        store = new OutboxStore(logged, guard, new StreamThreadStores());
        // the mock context's task is 0_0: this store holds partition 0 of the input
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    private static Map<TopicPartition, OffsetAndMetadata> commit(int partition, long offset) {
        return Map.of(new TopicPartition(TOPIC, partition), new OffsetAndMetadata(offset));
    }

    private void put(long offset) {
        store.put(offset, ("event " + offset).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stopsACommitThatSkippedTheHookWhileAnEntryBelowTheOffsetIsUnlogged() {
        put(5);
        put(6);

        assertThatThrownBy(() -> guard.beforeCommit(commit(0, 7)))
                .isInstanceOf(CommitGuard.CommitHookSkipped.class)
                .hasMessageContaining("commit offset 7 of chat.events-0")
                .hasMessageContaining("event 5 unlogged")
                .hasMessageContaining("The worker stops")
                .hasMessageContaining("4.3.1");
    }

    @Test
    void letsACommitPassOnceTheHookHandedEveryEntryToTheChangelog() {
        put(5);
        put(6);
        store.flushCache();

        assertThatCode(() -> guard.beforeCommit(commit(0, 7))).doesNotThrowAnyException();
        assertThat(store.get(5L)).isNotNull();
    }

    @Test
    void letsACommitPassThatStopsBelowTheUnloggedEntries() {
        put(9);

        assertThatCode(() -> guard.beforeCommit(commit(0, 9))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.beforeCommit(commit(0, 10))).isInstanceOf(CommitGuard.CommitHookSkipped.class);
    }

    @Test
    void checksOnlyTheStoreOfTheCommittedPartition() {
        put(5);

        assertThatCode(() -> guard.beforeCommit(commit(1, 100))).doesNotThrowAnyException();
    }

    @Test
    void forgetsAStoreOnceItIsClosed() {
        put(5);
        store.close();

        assertThatCode(() -> guard.beforeCommit(commit(0, 100))).doesNotThrowAnyException();
    }

    @Test
    void anEntryDeletedBeforeTheCommitNeedsNoLogging() {
        put(5);
        store.delete(5L);

        assertThatCode(() -> guard.beforeCommit(commit(0, 6))).doesNotThrowAnyException();
    }
}
