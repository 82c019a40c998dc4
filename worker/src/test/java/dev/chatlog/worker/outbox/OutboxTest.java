package dev.chatlog.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private KeyValueStore<Long, byte[]> store;

    @BeforeEach
    void store() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("outbox"), Serdes.Long(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> offsets(List<Outbox.Entry> entries) {
        return entries.stream().map(Outbox.Entry::offset).toList();
    }

    private List<Long> stored() {
        List<Long> keys = new ArrayList<>();
        try (KeyValueIterator<Long, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void handsOutTheOldestPendingEntriesAndRemovesThemOnlyOnceApplied() {
        Outbox outbox = new Outbox(3, store);
        for (long offset : new long[] {4, 5, 7, 8, 9}) {
            outbox.add(offset, bytes("k"), bytes("v" + offset));
        }

        assertThat(offsets(outbox.pending(3))).containsExactly(4L, 5L, 7L);
        assertThat(outbox.pendingCount()).isEqualTo(5);

        outbox.markApplied(7);
        assertThat(outbox.pendingCount()).isEqualTo(2);
        assertThat(offsets(outbox.pending(10))).containsExactly(8L, 9L);
        assertThat(stored()).containsExactly(4L, 5L, 7L, 8L, 9L);

        assertThat(outbox.removeApplied()).isEqualTo(3);
        assertThat(outbox.removeApplied()).isZero();
        assertThat(stored()).containsExactly(8L, 9L);
        assertThat(outbox.size()).isEqualTo(2);

        outbox.markApplied(5); // behind what is applied already: no change
        outbox.markApplied(12); // past the last entry (offsets 10 and 11 were dead letters)
        assertThat(outbox.pendingCount()).isZero();
        outbox.add(13, bytes("k"), bytes("v13"));
        assertThat(offsets(outbox.pending(10))).containsExactly(13L);
        assertThat(outbox.removeApplied()).isEqualTo(2);
        assertThat(stored()).containsExactly(13L);
    }

    @Test
    void validatesRestoredEntriesBeforeHandingThemOutAndDropsTheRejectedOnes() {
        store.put(1L, bytes("a"));
        store.put(2L, bytes("b"));
        store.put(300L, bytes("c"));
        Outbox outbox = new Outbox(0, store);
        outbox.add(301, bytes("k"), bytes("d"));

        assertThat(outbox.size()).isEqualTo(4);
        assertThat(outbox.pending(10)).isEmpty(); // the oldest is not validated yet

        List<Long> asked = new ArrayList<>();
        int removed = outbox.acceptRestored(0, (entry, owner) -> {
            asked.add(entry.offset());
            return entry.offset() != 2;
        });

        assertThat(removed).isEqualTo(1);
        assertThat(asked).containsExactly(1L, 2L, 300L);
        assertThat(offsets(outbox.pending(10))).containsExactly(1L, 300L, 301L);
        assertThat(outbox.pending(10)).allMatch(Outbox.Entry::accepted);
        assertThat(stored()).containsExactly(1L, 300L, 301L);
        assertThat(outbox.acceptRestored(0, (entry, owner) -> {
            throw new AssertionError("validated twice: " + entry.offset());
        })).isZero();
    }

    @Test
    void dropsRestoredEntriesBelowTheStoredOffsetWithoutValidatingThemAgain() {
        store.put(4L, bytes("applied before the crash"));
        store.put(5L, bytes("applied before the crash"));
        store.put(6L, bytes("not applied"));
        Outbox outbox = new Outbox(0, store);
        assertThat(outbox.hasRestored()).isTrue();

        // a validator that became stricter since rejects everything: only the entry PostgreSQL lacks may meet it
        List<Long> asked = new ArrayList<>();
        int removed = outbox.acceptRestored(6, (entry, owner) -> {
            asked.add(entry.offset());
            return false;
        });

        assertThat(asked).containsExactly(6L);
        assertThat(removed).isEqualTo(3);
        assertThat(outbox.size()).isZero();
        assertThat(outbox.hasRestored()).isFalse();
        assertThat(stored()).isEmpty();
    }

    @Test
    void keepsOffsetOrderWhenAnOffsetComesAgainOrOutOfOrder() {
        Outbox outbox = new Outbox(0, store);
        outbox.add(10, bytes("k"), bytes("a"));
        outbox.add(12, bytes("k"), bytes("b"));
        outbox.add(11, bytes("k"), bytes("c"));
        outbox.add(12, bytes("k"), bytes("d"));

        List<Outbox.Entry> pending = outbox.pending(10);
        assertThat(offsets(pending)).containsExactly(10L, 11L, 12L);
        assertThat(new String(pending.get(2).value(), StandardCharsets.UTF_8)).isEqualTo("d");
        assertThat(outbox.pendingCount()).isEqualTo(3);

        outbox.markApplied(11);
        assertThat(outbox.removeApplied()).isEqualTo(2);
        assertThat(stored()).containsExactly(12L);
        assertThat(new String(store.get(12L), StandardCharsets.UTF_8)).endsWith("d");
    }
}
