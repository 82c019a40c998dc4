package dev.chatlog.worker.failure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends dead letters found inside a batch write with an idempotent producer, waiting for every
 * acknowledgement. Used for failures only the database can see, such as an unknown tool call.
 */
public final class KafkaDeadLetterPublisher implements DeadLetterPublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaDeadLetterPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public KafkaDeadLetterPublisher(String bootstrapServers, String topic, String clientId) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(List<DeadLetter> deadLetters) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(deadLetters.size());
        for (DeadLetter d : deadLetters) {
            var headers = d.addHeadersTo(new RecordHeaders());
            sends.add(producer.send(new ProducerRecord<>(topic, null, d.key(), d.value(), headers)));
        }
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException("interrupted while sending dead letters to " + topic, e);
        } catch (ExecutionException e) {
            throw new DeadLetterException("could not send dead letters to " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw new DeadLetterException("dead letters to " + topic + " were not acknowledged within " + SEND_TIMEOUT,
                    new org.apache.kafka.common.errors.TimeoutException(e));
        }
        for (DeadLetter d : deadLetters) {
            log.warn("dead-lettered {}", d);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** Dead letters could not be stored; the cause tells whether retrying may help. */
    public static final class DeadLetterException extends RuntimeException {
        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
