package dev.chatlog.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestServers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tripwire on a real broker: a store wrapper that does not pass Kafka Streams' flush hook on
 * (what a future version's wrapper might do) leaves an outbox entry unlogged at the commit, and the
 * guarded producer stops the stream thread before the offsets are sent.
 */
@ExtendWith(ChatlogServersExtension.class)
class CommitGuardIT {

    private static final String STORE = "outbox";

    /** Puts each record into the store under its offset, as the intake processor does. */
    private static final class Put implements Processor<byte[], byte[], Void, Void> {
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<Long, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            store.put(context.recordMetadata().orElseThrow().offset(), record.value());
        }
    }

    /** Builds outbox stores hidden behind a plain {@link KeyValueStore}, so Kafka Streams never calls their hook. */
    private static StoreBuilder<?> hookHidingBuilder(CommitGuard guard) {
        OutboxStoreBuilder real = new OutboxStoreBuilder(STORE, Map.of(), guard);
        return (StoreBuilder<?>) Proxy.newProxyInstance(CommitGuardIT.class.getClassLoader(),
                new Class<?>[] {StoreBuilder.class}, (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (method.getName().equals("build")) {
                        return Proxy.newProxyInstance(CommitGuardIT.class.getClassLoader(),
                                new Class<?>[] {KeyValueStore.class}, (p, m, a) -> invoke(result, m, a));
                    }
                    return method.getReturnType().isInstance(real) ? proxy : result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void stopsTheStreamThreadWhenACommitSkipsTheOutboxStoresHook(TestServers servers) throws Exception {
        String topic = servers.newTopic(1);
        CommitGuard guard = new CommitGuard(topic);
        Topology topology = new Topology();
        topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topic);
        topology.addProcessor("put", Put::new, "in");
        topology.addStateStore(hookHidingBuilder(guard), "put");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, servers.uniqueName("guard"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("commit-guard-it").toString());
        AtomicReference<Throwable> failure = new AtomicReference<>();

        try (KafkaStreams streams = new KafkaStreams(topology, props, new GuardedClientSupplier(guard));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            producer.send(new ProducerRecord<>(topic, "k".getBytes(), "an event".getBytes())).get();

            await("the guard stops the stream thread").atMost(Duration.ofSeconds(60)).until(() -> failure.get() != null);
            assertThat(tripwire(failure.get())).as("the failure %s", failure.get())
                    .hasMessageContaining("of " + topic + "-0 while the outbox still held event 0 unlogged");
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == KafkaStreams.State.ERROR);
        }
    }

    private static Throwable tripwire(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CommitGuard.CommitHookSkipped) {
                return t;
            }
        }
        return null;
    }
}
