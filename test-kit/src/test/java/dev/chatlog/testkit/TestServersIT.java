package dev.chatlog.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ChatlogServersExtension.class)
class TestServersIT {

    @Test
    void servesOneSharedPairOfServersPerJvm(TestServers servers) {
        assertThat(TestServers.get()).isSameAs(servers);
        assertThat(servers.kafkaBootstrap()).isNotBlank();
    }

    @Test
    void givesEveryTestAFreshDatabase(TestDatabase first, TestDatabase second) throws SQLException {
        assertThat(first.name()).isNotEqualTo(second.name());
        try (Connection c = first.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE only_here (id int)");
        }
        try (Connection c = second.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void createsTopicsThatCarryRecordsBothWays(TestServers servers) {
        String topic = servers.newTopic(3);
        produce(servers, topic, "k", "hello");
        assertThat(consumeAll(servers, topic, 1)).containsExactly("hello");
    }

    @Test
    void brokerKeepsItsDataAcrossARestart(TestServers servers) {
        KafkaBroker broker = servers.broker().orElseThrow();
        String topic = servers.newTopic(1);
        produce(servers, topic, "k", "before restart");
        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        broker.start();
        produce(servers, topic, "k", "after restart");
        assertThat(consumeAll(servers, topic, 2)).containsExactly("before restart", "after restart");
    }

    @Test
    void brokerOutlastsACtrlCSoItsParentStopsItAfterItsClients(TestServers servers) throws Exception {
        KafkaBroker broker = servers.broker().orElseThrow();
        String topic = servers.newTopic(1);
        long before = Files.readString(broker.logFile()).lines().count();

        // A process started with SIGINT ignored (a background job of a script) passes that on: the
        // kernel then drops the signal and the broker's handler never runs, so there is no line to wait for.
        boolean ignoredByTheKernel = ignoresSigint(broker.pid());
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(broker.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();

        await().atMost(Duration.ofSeconds(30)).until(() -> !broker.isRunning() || ignoredByTheKernel
                || Files.readString(broker.logFile()).lines().skip(before)
                        .anyMatch(l -> l.startsWith("SIGINT ignored")));
        assertThat(broker.isRunning()).isTrue();
        produce(servers, topic, "k", "after SIGINT");
        assertThat(consumeAll(servers, topic, 1)).containsExactly("after SIGINT");
    }

    /** Whether the kernel discards SIGINT for {@code pid} (its SigIgn mask in /proc, bit 2 for SIGINT). */
    private static boolean ignoresSigint(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> new BigInteger(l.substring("SigIgn:".length()).trim(), 16))
                .anyMatch(mask -> mask.testBit(1));
    }

    @Test
    void postgresKeepsItsDataAcrossARestart(TestServers servers, TestDatabase db) throws SQLException {
        PostgresServer postgres = servers.postgres().orElseThrow();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('still here')");
        }
        postgres.stop();
        postgres.start();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void derivesTheJdbcUrlOfAnotherDatabase() {
        assertThat(TestServers.withDatabase("jdbc:postgresql://h:5432/postgres?ssl=false", "db_1"))
                .isEqualTo("jdbc:postgresql://h:5432/db_1?ssl=false");
    }

    private static void produce(TestServers servers, String topic, String key, String value) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic, e);
        }
    }

    private static List<String> consumeAll(TestServers servers, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, servers.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
