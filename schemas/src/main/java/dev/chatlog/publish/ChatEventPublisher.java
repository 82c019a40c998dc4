package dev.chatlog.publish;

import dev.chatlog.event.ChatEvent;
import dev.chatlog.event.EventJson;
import dev.chatlog.event.EventParser;
import dev.chatlog.event.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes chat events from a JVM chat service. Every event is validated exactly as the worker
 * will validate it before anything is sent; it is keyed by {@code user_id} and written by an
 * idempotent producer with {@code acks=all}. Futures complete on the producer's I/O thread, so
 * do not block in their dependent stages. Thread-safe; share one per topic and close it on shutdown.
 */
public final class ChatEventPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatEventPublisher.class);

    private final String topic;
    private final EventParser parser = new EventParser();
    private final Producer<byte[], byte[]> producer;

    public ChatEventPublisher(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, new Properties());
    }

    /**
     * @param extra further producer settings (e.g. {@code linger.ms}, security); settings that would break
     *              the guarantees above are rejected with IllegalArgumentException
     */
    public ChatEventPublisher(String bootstrapServers, String topic, Properties extra) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.producer = new KafkaProducer<>(ProducerSettings.of(bootstrapServers, extra),
                new ByteArraySerializer(), new ByteArraySerializer());
        log.info("publishing chat events to topic {} at {}", topic, bootstrapServers);
    }

    /** Writes {@code event} as its canonical JSON; an invalid event fails with {@link InvalidEventException}. */
    public CompletableFuture<PublishResult> publish(ChatEvent event) {
        Objects.requireNonNull(event, "event");
        byte[] value = EventJson.write(event);
        byte[] key = event.userId() == null ? null : event.userId().getBytes(StandardCharsets.UTF_8);
        return switch (parser.parse(key, value)) {
            case ParseResult.Rejected rejected -> CompletableFuture.failedFuture(new InvalidEventException(rejected));
            case ParseResult.Parsed parsed -> send(key, value);
        };
    }

    /** Writes {@code json} as given, keyed by its user_id; invalid JSON fails with {@link InvalidEventException}. */
    public CompletableFuture<PublishResult> publishJson(byte[] json) {
        return switch (parser.parseValue(json)) {
            case ParseResult.Rejected rejected -> CompletableFuture.failedFuture(new InvalidEventException(rejected));
            case ParseResult.Parsed parsed -> send(parsed.event().userId().getBytes(StandardCharsets.UTF_8), json);
        };
    }

    private CompletableFuture<PublishResult> send(byte[] key, byte[] value) {
        CompletableFuture<PublishResult> result = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(new PublishResult(metadata.partition(), metadata.offset(),
                            new ConsistencyToken(metadata.partition(), metadata.offset())));
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Sends what is buffered, then releases the producer. */
    @Override
    public void close() {
        producer.close();
        log.info("stopped publishing chat events to topic {}", topic);
    }
}
