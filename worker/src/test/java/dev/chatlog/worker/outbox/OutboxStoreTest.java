package dev.chatlog.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox store through Kafka Streams' own task code ({@link TopologyTestDriver} commits after
 * every input record, through the same prepare-commit path as a stream thread).
 */
class OutboxStoreTest {

    private static final String APPLICATION = "outbox-store-test";
    private static final String STORE = "outbox";

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> commands;
    private TestOutputTopic<Long, byte[]> changelog;
    private final List<String> reads = new ArrayList<>();

    /** Runs each record's value as commands on the store within one commit interval: "put 1; delete 1; get 1; all". */
    private final class Commands implements Processor<String, String, Void, Void> {
        private KeyValueStore<Long, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            for (String command : record.value().split(";")) {
                String[] words = command.trim().split(" ");
                switch (words[0]) {
                    case "put" -> store.put(Long.parseLong(words[1]), ("v" + words[1]).getBytes(StandardCharsets.UTF_8));
                    case "delete" -> reads.add("deleted " + text(store.delete(Long.parseLong(words[1]))));
                    case "get" -> reads.add(text(store.get(Long.parseLong(words[1]))));
                    case "all" -> {
                        List<Long> keys = new ArrayList<>();
                        try (KeyValueIterator<Long, byte[]> all = store.all()) {
                            all.forEachRemaining(kv -> keys.add(kv.key));
                        }
                        reads.add("all " + keys);
                    }
                    default -> throw new IllegalArgumentException(command);
                }
            }
        }
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void start() {
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "commands");
        topology.addProcessor("commands", Commands::new, "in");
        topology.addStateStore(new OutboxStoreBuilder(STORE, Map.of(), new CommitGuard("commands")), "commands");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        driver = new TopologyTestDriver(topology, props);
        commands = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
        changelog = driver.createOutputTopic(APPLICATION + "-" + STORE + "-changelog",
                new LongDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private List<KeyValue<Long, String>> logged() {
        List<KeyValue<Long, String>> out = new ArrayList<>();
        changelog.readKeyValuesToList().forEach(kv -> out.add(KeyValue.pair(kv.key, text(kv.value))));
        return out;
    }

    @Test
    void anEntryPutAndDeletedBetweenTwoCommitsNeverReachesTheChangelog() {
        commands.pipeInput("put 1; put 2; delete 1; delete 2");

        assertThat(logged()).isEmpty();
        assertThat(reads).containsExactly("deleted v1", "deleted v2");
    }

    @Test
    void anEntryStillThereAtACommitIsLoggedBeforeTheCommitAndItsDeletionAfterIsATombstone() {
        commands.pipeInput("put 1; put 2; delete 2");
        assertThat(logged()).containsExactly(KeyValue.pair(1L, "v1"));

        commands.pipeInput("put 3; delete 1; delete 3");
        assertThat(logged()).containsExactly(KeyValue.pair(1L, null));
        assertThat(reads).containsExactly("deleted v2", "deleted v1", "deleted v3");
    }

    @Test
    void readsSeeChangesNotYetLogged() {
        commands.pipeInput("put 1; put 2");
        commands.pipeInput("put 3; delete 1; get 1; get 2; get 3; get 4; all");

        assertThat(reads).containsExactly("deleted v1", null, "v2", "v3", null, "all [2, 3]");
        assertThat(driver.<Long, byte[]>getKeyValueStore(STORE).approximateNumEntries()).isEqualTo(2);
    }

    @Test
    void deletingAKeyTheStoreNeverHadLogsNothing() {
        commands.pipeInput("delete 7");

        assertThat(logged()).isEmpty();
        assertThat(reads).containsExactly("deleted null");
    }
}
