package dev.chatlog.worker.outbox;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds {@link OutboxStore}s over an in-memory, changelogged store. The outbox store is its own
 * cache, so Kafka Streams' record cache is never put in front of it.
 */
public final class OutboxStoreBuilder implements StoreBuilder<OutboxStore> {

    private final StoreBuilder<KeyValueStore<Long, byte[]>> logged;
    private final CommitGuard guard;
    private final StreamThreadStores threadStores = new StreamThreadStores();

    public OutboxStoreBuilder(String name, Map<String, String> changelogConfig, CommitGuard guard) {
        this.guard = guard;
        this.logged = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Long(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(changelogConfig);
    }

    @Override
    public StoreBuilder<OutboxStore> withCachingEnabled() {
        throw new UnsupportedOperationException("the outbox store caches by itself");
    }

    @Override
    public StoreBuilder<OutboxStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<OutboxStore> withLoggingEnabled(Map<String, String> config) {
        logged.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<OutboxStore> withLoggingDisabled() {
        throw new UnsupportedOperationException("the outbox store must be changelogged: it is all that keeps a consumed event");
    }

    @Override
    public OutboxStore build() {
        return new OutboxStore(logged.build(), guard, threadStores);
    }

    @Override
    public Map<String, String> logConfig() {
        return logged.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return logged.loggingEnabled();
    }

    @Override
    public String name() {
        return logged.name();
    }
}
