package dev.chatlog.worker.topology;

import dev.chatlog.event.EventParser;
import dev.chatlog.event.ParseResult;
import dev.chatlog.worker.failure.Backoff;
import dev.chatlog.worker.failure.DeadLetter;
import dev.chatlog.worker.failure.FailureClass;
import dev.chatlog.worker.failure.FailureClassifier;
import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.outbox.Drain;
import dev.chatlog.worker.outbox.DrainRegistry;
import dev.chatlog.worker.outbox.Outbox;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates each record of one input partition and queues it: a rejected record goes to the
 * dead-letter sink with its reason in headers, a valid one into the changelogged {@link Outbox}. It
 * applies nothing itself: the thread's {@link Drain} writes the outboxes to PostgreSQL on a
 * wall-clock schedule and whenever a full batch is waiting; this task then removes what was
 * applied from its own outbox.
 */
final class IntakeProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(IntakeProcessor.class);

    private final EventParser parser;
    private final WorkerMetrics metrics;
    private final TopologySettings settings;
    private final DrainRegistry drains;
    private final PartitionCheck partitionCheck;
    private ProcessorContext<byte[], byte[]> context;
    private Outbox outbox;
    private Drain drain;
    private final Backoff restoreBackoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    IntakeProcessor(EventParser parser, WorkerMetrics metrics, TopologySettings settings, DrainRegistry drains,
                    PartitionCheck partitionCheck) {
        this.partitionCheck = partitionCheck;
        this.parser = parser;
        this.metrics = metrics;
        this.settings = settings;
        this.drains = drains;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        KeyValueStore<Long, byte[]> store = context.getStateStore(WorkerTopology.OUTBOX_STORE);
        int partition = context.taskId().partition();
        partitionCheck.sawPartition(partition);
        this.outbox = new Outbox(partition, store);
        this.drain = drains.register(outbox);
        metrics.outboxChanged(outbox.size());
        if (!outbox.isEmpty()) {
            log.info("{}-{}: {} events restored to the outbox; those not in PostgreSQL yet are validated again",
                    settings.topic(), partition, outbox.size());
        }
        context.schedule(settings.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            acceptRestored();
            drain.onSchedule();
            removeApplied();
        });
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.consumed();
        RecordMetadata meta = context.recordMetadata().orElseThrow(
                () -> new IllegalStateException("a record arrived without its topic, partition and offset"));
        partitionCheck.check(record.key(), meta.partition(), System.nanoTime());
        ParseResult.Rejected rejected = parser.rejection(record.key(), record.value());
        if (rejected == null) {
            outbox.add(meta.offset(), record.key(), record.value());
            metrics.outboxChanged(1);
        } else {
            forwardDeadLetter(new DeadLetter(record.key(), record.value(), rejected.reason().code(),
                    FailureClass.BAD_INPUT, RejectionText.of(rejected), meta.topic(), meta.partition(), meta.offset(),
                    rejected.eventId()), record.timestamp(), record.headers());
        }
        removeApplied();
        drain.onRecord();
        removeApplied();
    }

    private void removeApplied() {
        metrics.outboxChanged(-outbox.removeApplied());
    }

    /**
     * Validates the entries restored from the changelog that PostgreSQL does not hold yet (it skips
     * the others). Until the stored offset can be read, they wait, and so does the partition.
     */
    private void acceptRestored() {
        if (!outbox.hasRestored() || restoreBackoff.remaining(System.nanoTime()).toNanos() > 0) {
            return;
        }
        long appliedBelow;
        try {
            appliedBelow = drain.storedNextOffset(outbox.partition());
        } catch (RuntimeException e) {
            if (FailureClassifier.classify(e) != FailureClass.TRANSIENT) {
                throw e;
            }
            Duration wait = restoreBackoff.failed(System.nanoTime());
            log.debug("{}-{}: the stored offset cannot be read yet (next try in {} ms): {}", settings.topic(),
                    outbox.partition(), wait.toMillis(), FailureClassifier.rootMessage(e));
            return;
        }
        restoreBackoff.succeeded();
        metrics.outboxChanged(-outbox.acceptRestored(appliedBelow, this::acceptRestored));
    }

    /** Validates an entry restored from the changelog; dead-letters it (returning false) if now rejected. */
    private boolean acceptRestored(Outbox.Entry entry, Outbox owner) {
        ParseResult.Rejected r = parser.rejection(entry.key(), entry.value());
        if (r == null) {
            return true;
        }
        forwardDeadLetter(new DeadLetter(entry.key(), entry.value(), r.reason().code(), FailureClass.BAD_INPUT,
                RejectionText.of(r), settings.topic(), owner.partition(), entry.offset(), r.eventId()),
                context.currentSystemTimeMs(), new RecordHeaders());
        return false;
    }

    private void forwardDeadLetter(DeadLetter letter, long timestamp, Headers original) {
        var headers = letter.addHeadersTo(new RecordHeaders(original.toArray()));
        context.forward(new Record<>(letter.key(), letter.value(), timestamp, headers), WorkerTopology.DEAD_LETTER_SINK);
        metrics.deadLettered(letter.reason());
        log.warn("dead-lettered {}", letter);
    }

    @Override
    public void close() {
        if (outbox != null) {
            drains.deregister(outbox);
            metrics.outboxChanged(-outbox.size());
        }
    }
}
