package dev.chatlog.worker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.EventParser;
import dev.chatlog.worker.TestEvents;
import dev.chatlog.worker.failure.DeadLetter;
import dev.chatlog.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerTopologyTest {

    private static final String TOPIC = "chat.events";
    private static final String DLQ = "chat.events.dlq";
    private static final EventParser PARSER = new EventParser();
    private static final String USER = "Yx3kP9qLm2VnB7tR4wZc8HdJ6fGs1AeU";

    private final TestEvents events = new TestEvents();
    private final FakeSink sink = new FakeSink();
    private final FakeTicker ticker = new FakeTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(int batchMax, int outboxMax) {
        TopologySettings settings = new TopologySettings(TOPIC, DLQ, Duration.ofMillis(100), Duration.ZERO, batchMax,
                outboxMax, 1, 1);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "worker-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(
                WorkerTopology.build(settings, PARSER, sink, new WorkerMetrics(registry), ticker), props);
        input = driver.createInputTopic(TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void pipe(ChatEvent event) {
        input.pipeInput(TestEvents.key(event), TestEvents.value(event));
    }

    private void tick(Duration d) {
        ticker.advance(d);
        driver.advanceWallClockTime(d);
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String valid(String type, String data) {
        return "{\"event_id\":\"cb1206dd-0245-4004-bf37-d17acaf4c4f2\",\"type\":\"" + type + "\",\"user_id\":\"" + USER
                + "\",\"conversation_id\":\"c1\",\"occurred_at\":\"2025-06-13T09:15:04.915Z\",\"data\":" + data + "}";
    }

    @Test
    void sendsEveryKindOfRejectedRecordToDeadLettersWithItsOriginalBytesAndReason() {
        start(100, 1000);
        record Bad(String key, String value, String reason, String eventId) { }
        String message = "{\"message_id\":\"m1\",\"role\":\"user\",\"content\":\"hi\"}";
        List<Bad> bad = List.of(
                new Bad(USER, "{not json", "invalid-json", null),
                new Bad(USER, valid("message.created", "{\"role\":\"user\",\"content\":\"hi\"}"), "schema-violation",
                        "cb1206dd-0245-4004-bf37-d17acaf4c4f2"),
                new Bad(USER, valid("message.edited", message), "unknown-type", "cb1206dd-0245-4004-bf37-d17acaf4c4f2"),
                new Bad(USER, valid("message.created", message).replace("{\"event_id\"", "{\"version\":2,\"event_id\""),
                        "unsupported-version", "cb1206dd-0245-4004-bf37-d17acaf4c4f2"),
                new Bad("someone-else", valid("message.created", message), "key-mismatch",
                        "cb1206dd-0245-4004-bf37-d17acaf4c4f2"),
                new Bad(USER, valid("message.created", message.replace("\"hi\"", "\"" + "x".repeat(100_001) + "\"")),
                        "over-limit", "cb1206dd-0245-4004-bf37-d17acaf4c4f2"));
        Headers original = new RecordHeaders().add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
        for (Bad b : bad) {
            input.pipeInput(new TestRecord<>(b.key().getBytes(StandardCharsets.UTF_8),
                    b.value().getBytes(StandardCharsets.UTF_8), original));
        }
        tick(Duration.ofMillis(200));

        List<TestRecord<byte[], byte[]>> out = deadLetters.readRecordsToList();
        assertThat(out).hasSize(bad.size());
        for (int i = 0; i < bad.size(); i++) {
            TestRecord<byte[], byte[]> r = out.get(i);
            Bad b = bad.get(i);
            assertThat(r.key()).isEqualTo(b.key().getBytes(StandardCharsets.UTF_8));
            assertThat(r.value()).isEqualTo(b.value().getBytes(StandardCharsets.UTF_8));
            assertThat(header(r.headers(), DeadLetter.REASON)).isEqualTo(b.reason());
            assertThat(header(r.headers(), DeadLetter.ERROR_CLASS)).isEqualTo("bad-input");
            assertThat(header(r.headers(), DeadLetter.MESSAGE)).startsWith("The record is not a valid chat event (" + b.reason());
            assertThat(header(r.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(TOPIC);
            assertThat(header(r.headers(), DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(r.headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo(Integer.toString(i));
            assertThat(header(r.headers(), DeadLetter.EVENT_ID)).isEqualTo(b.eventId());
            assertThat(header(r.headers(), "traceparent")).isEqualTo("00-abc");
        }
        assertThat(sink.attempts).isZero();
        assertThat(registry.get("chatlog.worker.dead.letters").tag("reason", "key-mismatch").counter().count()).isEqualTo(1);
    }

    @Test
    void writesValidEventsToTheSinkAtOnceWhileTheWriterIsIdleInOffsetOrder() {
        start(100, 1000);
        pipe(events.message("u1", "c1", "m1", "one"));
        assertThat(sink.offsets()).as("written without waiting for the schedule").containsExactly(0L);
        input.pipeInput(USER.getBytes(StandardCharsets.UTF_8), "{broken".getBytes(StandardCharsets.UTF_8));
        pipe(events.message("u1", "c1", "m2", "two"));

        assertThat(sink.batches).hasSize(2);
        assertThat(sink.offsets()).containsExactly(0L, 2L);
        assertThat(registry.get("chatlog.worker.events.applied").tag("type", "message.created").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("chatlog.worker.events.consumed").counter().count()).isEqualTo(3);
        assertThat(registry.get("chatlog.worker.outbox.events").gauge().value()).isZero();
    }

    @Test
    void keepsTheOutboxWhileTheSinkFailsTransientlyAndRetriesWithBackoff() {
        start(100, 1000);
        sink.failures.add(new IllegalStateException("down", new SQLException("connection refused", "08001")));
        sink.failures.add(new IllegalStateException("down", new SQLException("connection refused", "08001")));
        pipe(events.message("u1", "c1", "m1", "one"));
        assertThat(sink.attempts).as("first attempt at once").isEqualTo(1);

        tick(Duration.ofMillis(100));
        assertThat(sink.attempts).as("second attempt after the first delay of 100 ms").isEqualTo(2);
        pipe(events.message("u1", "c1", "m2", "two"));
        tick(Duration.ofMillis(100));
        assertThat(sink.attempts).as("no attempt during the doubled delay").isEqualTo(2);
        tick(Duration.ofMillis(100));

        assertThat(sink.attempts).isEqualTo(3);
        assertThat(sink.offsets()).containsExactly(0L, 1L);
        assertThat(registry.get("chatlog.worker.flush.failures").counter().count()).isEqualTo(2);
    }

    @Test
    void holdsTheStreamThreadWhileTheOutboxIsFullAndTheSinkIsDown() {
        start(1, 2);
        for (int i = 0; i < 50; i++) {
            sink.failures.add(new IllegalStateException("down", new SQLException("refused", "08001")));
        }
        long before = ticker.nanoTime();
        pipe(events.message("u1", "c1", "m1", "one"));
        pipe(events.message("u1", "c1", "m2", "two"));

        assertThat(Duration.ofNanos(ticker.nanoTime() - before)).as("time spent retrying").isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(sink.attempts).as("attempts spaced by backoff, not a busy loop").isBetween(3, 8);
        sink.failures.clear();
        tick(Duration.ofSeconds(6));
        assertThat(sink.offsets()).containsExactly(0L, 1L);
    }

    @Test
    void stopsOnAFailureThatRetryingCannotFix() {
        start(100, 1000);
        sink.failures.add(new IllegalStateException("bad SQL", new SQLException("relation does not exist", "42P01")));

        assertThatThrownBy(() -> pipe(events.message("u1", "c1", "m1", "one"))).hasRootCauseInstanceOf(SQLException.class)
                .rootCause().hasMessage("relation does not exist");
    }
}
