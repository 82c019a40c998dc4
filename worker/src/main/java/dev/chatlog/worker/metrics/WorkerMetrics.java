package dev.chatlog.worker.metrics;

import dev.chatlog.worker.failure.DeadLetter;
import dev.chatlog.worker.sink.SinkResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's own meters: events consumed, applied and dropped as duplicates by type; dead
 * letters by reason; batch size and flush latency; events waiting in the outbox.
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final Counter consumed;
    private final Counter skipped;
    private final DistributionSummary batchSize;
    private final Timer flushLatency;
    private final Counter flushFailures;
    private final AtomicLong outboxEvents = new AtomicLong();
    private final Map<String, Counter> applied = new ConcurrentHashMap<>();
    private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.consumed = Counter.builder("chatlog.worker.events.consumed")
                .description("records read from the input topic").register(registry);
        this.skipped = Counter.builder("chatlog.worker.events.skipped")
                .description("redelivered events skipped because the stored offset shows them applied").register(registry);
        this.batchSize = DistributionSummary.builder("chatlog.worker.batch.size")
                .description("events per PostgreSQL transaction").publishPercentileHistogram()
                .minimumExpectedValue(1.0).maximumExpectedValue(100_000.0).register(registry);
        this.flushLatency = Timer.builder("chatlog.worker.flush.latency")
                .description("time to apply one batch to PostgreSQL, commit included").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        this.flushFailures = Counter.builder("chatlog.worker.flush.failures")
                .description("batches that failed transiently and will be retried").register(registry);
        io.micrometer.core.instrument.Gauge.builder("chatlog.worker.outbox.events", outboxEvents, AtomicLong::get)
                .description("events consumed and not yet in PostgreSQL").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void consumed() {
        consumed.increment();
    }

    public void applied(String type, int count) {
        counter(applied, "chatlog.worker.events.applied", "type", type, "events applied to PostgreSQL")
                .increment(count);
    }

    public void duplicates(String type, int count) {
        counter(duplicates, "chatlog.worker.events.duplicate", "type", type,
                "retried duplicates dropped without a change").increment(count);
    }

    public void skipped(int count) {
        skipped.increment(count);
    }

    public void deadLettered(String reason) {
        counter(deadLetters, "chatlog.worker.dead.letters", "reason", reason, "records sent to the dead-letter topic")
                .increment();
    }

    public void flushed(int events, long nanos) {
        batchSize.record(events);
        flushLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A batch PostgreSQL committed: its size and latency, and what became of its events. */
    public void batchWritten(int events, long nanos, SinkResult result) {
        flushed(events, nanos);
        result.appliedByType().forEach(this::applied);
        result.duplicatesByType().forEach(this::duplicates);
        skipped(result.skipped());
        for (DeadLetter d : result.deadLetters()) {
            deadLettered(d.reason());
        }
    }

    public void flushFailed() {
        flushFailures.increment();
    }

    public void outboxChanged(long delta) {
        outboxEvents.addAndGet(delta);
    }

    private Counter counter(Map<String, Counter> cache, String name, String tag, String value, String description) {
        return cache.computeIfAbsent(value, v -> Counter.builder(name).tag(tag, v).description(description).register(registry));
    }
}
