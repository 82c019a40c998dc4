package dev.chatlog.worker;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes a list of records a chunk per tick in the background, so a test can act mid-stream. */
public final class PacedProducer implements AutoCloseable {

    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<ProducerRecord<byte[], byte[]>> records;
    private final int perTick;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean done;

    private PacedProducer(String bootstrap, List<ProducerRecord<byte[], byte[]>> records, int perTick) {
        this.producer = KafkaTopics.producer(bootstrap);
        this.records = records;
        this.perTick = perTick;
    }

    /** Starts sending {@code perTick} records every {@code tick}. */
    public static PacedProducer start(String bootstrap, List<ProducerRecord<byte[], byte[]>> records, int perTick,
                                      Duration tick) {
        PacedProducer p = new PacedProducer(bootstrap, records, perTick);
        p.ticks.scheduleWithFixedDelay(p::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        return p;
    }

    private void tick() {
        if (done) {
            return;
        }
        int from = sent.get();
        int to = Math.min(records.size(), from + perTick);
        for (int i = from; i < to; i++) {
            producer.send(records.get(i), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        sent.set(to);
        if (to == records.size()) {
            producer.flush();
            done = true;
        }
    }

    public int sent() {
        return sent.get();
    }

    /** Waits until every record is acknowledged, failing if any send failed. */
    public void awaitDone(Duration timeout) {
        await("all records published").atMost(timeout).until(() -> done);
        if (failure.get() != null) {
            throw new IllegalStateException("a record could not be published", failure.get());
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
