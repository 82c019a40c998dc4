package dev.chatlog.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.EventExamples;
import dev.chatlog.event.EventJson;
import dev.chatlog.event.EventParser;
import dev.chatlog.event.InvalidExamples;
import dev.chatlog.event.InvalidExamples.InvalidExample;
import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.ParseResult;
import dev.chatlog.event.RejectReason;
import dev.chatlog.event.Role;
import dev.chatlog.event.Violation;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ChatlogServersExtension.class)
class ChatEventPublisherIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EventParser parser = new EventParser();
    private final TestServers servers;

    ChatEventPublisherIT(TestServers servers) {
        this.servers = servers;
    }

    @Test
    void publishesEveryValidExampleExactlyAsEventJsonWritesIt() {
        String topic = servers.newTopic(3);
        List<ChatEvent> events = EventExamples.valid().values().stream().map(this::parsed).toList();
        List<PublishResult> results = new ArrayList<>();

        try (ChatEventPublisher publisher = new ChatEventPublisher(servers.kafkaBootstrap(), topic)) {
            List<CompletableFuture<PublishResult>> futures = events.stream().map(publisher::publish).toList();
            futures.forEach(future -> results.add(future.join()));
        }

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, events.size());
        assertThat(records).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            ChatEvent event = events.get(i);
            PublishResult result = results.get(i);
            ConsumerRecord<byte[], byte[]> record = find(records, result);
            assertThat(record.value()).isEqualTo(EventJson.write(event));
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.userId());
            assertThat(parser.parse(record.key(), record.value())).isEqualTo(new ParseResult.Parsed(event));
            assertThat(result.token()).isEqualTo(new ConsistencyToken(record.partition(), record.offset()));
            assertThat(ConsistencyToken.decode(result.token().encode())).isEqualTo(result.token());
        }
        // One key, one partition: the user's events keep their order.
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(results.getFirst().partition());
        assertThat(results).extracting(PublishResult::offset).isSorted();
    }

    @Test
    void rejectsEveryInvalidExampleAndSendsNothing() {
        String topic = servers.newTopic(3);
        List<InvalidExample> invalid = InvalidExamples.all().stream().filter(example -> !example.onlyTheKeyIsWrong()).toList();
        MessageCreated tooLong = new MessageCreated("0b87e65d-006f-4dbd-a26d-69c2d1db4ba1", "auth0|abc", "conv_1",
                Instant.parse("2025-06-13T09:15:04Z"), "msg_1", Role.ASSISTANT, "x".repeat(100_001));
        MessageCreated badUser = new MessageCreated("0b87e65d-006f-4dbd-a26d-69c2d1db4ba1", "auth0 abc", "conv_1",
                Instant.parse("2025-06-13T09:15:04Z"), "msg_1", Role.USER, "hi");

        try (ChatEventPublisher publisher = new ChatEventPublisher(servers.kafkaBootstrap(), topic)) {
            for (InvalidExample example : invalid) {
                InvalidEventException rejected = invalidEvent(publisher.publishJson(example.value()));
                assertThat(rejected.reason()).as(example.file()).isEqualTo(example.reason());
                assertThat(rejected.violations()).as(example.file()).extracting(Violation::pointer).containsAll(example.pointers());
            }
            assertThat(invalidEvent(publisher.publish(tooLong)).reason()).isEqualTo(RejectReason.OVER_LIMIT);
            assertThat(invalidEvent(publisher.publish(badUser)).violations()).extracting(Violation::pointer).containsExactly("/user_id");
        }

        assertThat(invalid).hasSize(InvalidExamples.all().size() - 1);
        assertThat(endOffsets(topic).values()).hasSize(3).containsOnly(0L);
    }

    @Test
    void keysJsonByItsUserIdSoItsKeyCannotMismatch() {
        String topic = servers.newTopic(3);
        InvalidExample mismatch = InvalidExamples.all().stream().filter(InvalidExample::onlyTheKeyIsWrong).findFirst().orElseThrow();

        PublishResult result;
        try (ChatEventPublisher publisher = new ChatEventPublisher(servers.kafkaBootstrap(), topic)) {
            result = publisher.publishJson(mismatch.value()).join();
        }

        ConsumerRecord<byte[], byte[]> record = find(readAll(topic, 1), result);
        assertThat(record.value()).isEqualTo(mismatch.value());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("auth0|6650f1c2a9e4b3d2c1f0e9d8").isNotEqualTo(mismatch.key());
    }

    private ChatEvent parsed(byte[] value) {
        return ((ParseResult.Parsed) parser.parseValue(value)).event();
    }

    private static InvalidEventException invalidEvent(CompletableFuture<PublishResult> result) {
        Throwable failure = catchThrowable(result::join);
        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(InvalidEventException.class);
        return (InvalidEventException) failure.getCause();
    }

    private static ConsumerRecord<byte[], byte[]> find(List<ConsumerRecord<byte[], byte[]>> records, PublishResult result) {
        return records.stream()
                .filter(record -> record.partition() == result.partition() && record.offset() == result.offset())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record at partition " + result.partition() + ", offset " + result.offset()));
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
