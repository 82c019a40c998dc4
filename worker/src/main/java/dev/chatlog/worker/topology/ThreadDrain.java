package dev.chatlog.worker.topology;

import dev.chatlog.worker.failure.Backoff;
import dev.chatlog.worker.failure.DeadLetter;
import dev.chatlog.worker.failure.FailureClass;
import dev.chatlog.worker.failure.FailureClassifier;
import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.sink.EventSink;
import dev.chatlog.worker.sink.PendingEvent;
import dev.chatlog.worker.sink.SinkResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events from the outboxes of every task of one stream thread into the sink, in one
 * transaction per batch however many partitions the thread owns, and decides when: on the flush
 * schedule, when a full batch is waiting, and, while the sink is failing, with exponential backoff.
 * Once the thread's outboxes reach their cap it blocks the thread (a few seconds at a time, well
 * inside the poll and transaction timeouts) so memory stays bounded. Only the stream thread calls it.
 */
final class ThreadDrain {

    private static final Logger log = LoggerFactory.getLogger(ThreadDrain.class);
    private static final Duration BLOCK_LIMIT = Duration.ofSeconds(5);

    private final EventSink sink;
    private final WorkerMetrics metrics;
    private final TopologySettings settings;
    private final Ticker ticker;
    private final Map<Integer, Outbox> outboxes = new TreeMap<>();
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    private long lastDrainNanos;
    private boolean failing;

    ThreadDrain(EventSink sink, WorkerMetrics metrics, TopologySettings settings, Ticker ticker) {
        this.sink = sink;
        this.metrics = metrics;
        this.settings = settings;
        this.ticker = ticker;
        this.lastDrainNanos = ticker.nanoTime();
    }

    void register(Outbox outbox) {
        outboxes.put(outbox.partition(), outbox);
    }

    /** Forgets a closed task's outbox; returns whether none is left. */
    boolean deregister(Outbox outbox) {
        outboxes.remove(outbox.partition(), outbox);
        return outboxes.isEmpty();
    }

    /** The flush schedule (every task's punctuator calls it): writes everything once per interval. */
    void onSchedule() {
        if (ticker.nanoTime() - lastDrainNanos < settings.flushInterval().toNanos() * 9 / 10) {
            return;
        }
        while (pending() > 0 && attempt()) {
            // each attempt writes one batch
        }
    }

    /** After each record: writes full batches, and holds the thread while the outboxes are at their cap. */
    void onRecord() {
        while (pending() >= settings.batchMaxEvents() && attempt()) {
            // each attempt writes one batch
        }
        long deadline = ticker.nanoTime() + BLOCK_LIMIT.toNanos();
        while (pending() >= settings.outboxMaxEvents() && ticker.nanoTime() < deadline) {
            long wait = Math.min(backoff.remaining(ticker.nanoTime()).toNanos(), deadline - ticker.nanoTime());
            if (wait > 0) {
                try {
                    ticker.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else {
                attempt();
            }
        }
    }

    private int pending() {
        int n = 0;
        for (Outbox o : outboxes.values()) {
            n += o.pendingCount();
        }
        return n;
    }

    /** Writes the oldest batch; false when the sink is in backoff or failed transiently. */
    private boolean attempt() {
        if (backoff.remaining(ticker.nanoTime()).toNanos() > 0) {
            return false;
        }
        Map<Integer, List<PendingEvent>> batch = new TreeMap<>();
        int size = 0;
        for (Outbox o : outboxes.values()) {
            List<PendingEvent> events = o.pending(settings.batchMaxEvents() - size);
            if (!events.isEmpty()) {
                batch.put(o.partition(), events);
                size += events.size();
            }
        }
        lastDrainNanos = ticker.nanoTime();
        if (batch.isEmpty()) {
            return false;
        }
        long start = ticker.nanoTime();
        SinkResult result;
        try {
            result = sink.apply(settings.topic(), batch);
        } catch (RuntimeException e) {
            if (FailureClassifier.classify(e) != FailureClass.TRANSIENT) {
                throw e;
            }
            metrics.flushFailed();
            Duration wait = backoff.failed(ticker.nanoTime());
            if (!failing) {
                log.warn("could not write {} events of {} to PostgreSQL, retrying with backoff (next in {} ms): {}",
                        size, settings.topic(), wait.toMillis(), rootMessage(e));
                failing = true;
            }
            return false;
        }
        metrics.flushed(size, ticker.nanoTime() - start);
        batch.forEach((partition, events) -> outboxes.get(partition).markApplied(events.getLast().offset()));
        record(result);
        backoff.succeeded();
        if (failing) {
            log.info("writing to PostgreSQL again");
            failing = false;
        }
        return true;
    }

    private void record(SinkResult result) {
        result.appliedByType().forEach(metrics::applied);
        result.duplicatesByType().forEach(metrics::duplicates);
        metrics.skipped(result.skipped());
        for (DeadLetter d : result.deadLetters()) {
            metrics.deadLettered(d.reason());
        }
        if (log.isDebugEnabled()) {
            log.debug("applied a batch of {}: {} ({} skipped, {} dead letters)", settings.topic(),
                    result.appliedByType(), result.skipped(), result.deadLetters().size());
        }
    }

    private static String rootMessage(Throwable e) {
        List<Throwable> seen = new ArrayList<>();
        Throwable root = e;
        while (root.getCause() != null && !seen.contains(root.getCause())) {
            seen.add(root);
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
