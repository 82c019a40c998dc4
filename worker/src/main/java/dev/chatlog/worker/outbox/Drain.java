package dev.chatlog.worker.outbox;

import dev.chatlog.event.EventParser;
import dev.chatlog.worker.failure.Backoff;
import dev.chatlog.worker.failure.FailureClass;
import dev.chatlog.worker.failure.FailureClassifier;
import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.sink.EventSink;
import dev.chatlog.worker.sink.PendingEvent;
import dev.chatlog.worker.sink.SinkResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events from the outboxes that one stream thread's tasks give this drain (the thread's
 * partitions of one writer, see {@link DrainRegistry}) into the sink, in one transaction per batch
 * however many of those partitions it holds, and decides when: at once whenever no batch is in
 * flight and the last one began at least the batch interval ago, taking everything that gathered
 * meanwhile (see {@link #writeWhileIdle}), and, while the sink is failing, with exponential
 * backoff. Once its outboxes reach their cap it blocks the thread (a few seconds at a time, well
 * inside the poll and transaction timeouts) so memory stays bounded. Only the stream thread calls
 * it; the transactions run on the writer, so the thread keeps consuming while a batch is written.
 */
public final class Drain {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    private static final Duration BLOCK_LIMIT = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final EventSink sink;
    private final EventParser parser;
    private final WorkerMetrics metrics;
    private final DrainSettings settings;
    private final Ticker ticker;
    private final Map<Integer, Outbox> outboxes = new TreeMap<>();
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    private final Executor writer;
    private boolean failing;
    private CompletableFuture<Written> inFlight;
    private Map<Integer, List<Outbox.Entry>> inFlightBatch;
    private int inFlightSize;
    /** When the last batch began; the next one that is not full begins {@code batchMinInterval} later at the earliest. */
    private long lastStartNanos;

    /**
     * {@code writer} runs the sink's transactions, and maps the batch's records to events with
     * {@code parser} first: a thread of its own lets the stream thread validate meanwhile.
     */
    Drain(EventSink sink, EventParser parser, WorkerMetrics metrics, DrainSettings settings, Ticker ticker,
                Executor writer) {
        this.sink = sink;
        this.parser = parser;
        this.metrics = metrics;
        this.settings = settings;
        this.ticker = ticker;
        this.writer = writer;
        this.lastStartNanos = ticker.nanoTime() - settings.batchMinInterval().toNanos(); // the first goes at once
    }

    void register(Outbox outbox) {
        outboxes.put(outbox.partition(), outbox);
    }

    /** Forgets a closed task's outbox; returns whether none is left. */
    boolean deregister(Outbox outbox) {
        outboxes.remove(outbox.partition(), outbox);
        return outboxes.isEmpty();
    }

    /** The stored next offset of {@code partition}, read on the calling thread; throws when PostgreSQL cannot tell. */
    public long storedNextOffset(int partition) {
        return sink.nextOffset(settings.topic(), partition);
    }

    /**
     * The schedule (every task's punctuator calls it, each flush interval): collects a written batch
     * and starts the next, so that events which arrived during a write do not wait for another record.
     */
    public void onSchedule() {
        writeWhileIdle();
    }

    /** After each record: writes what waits if the writer is idle, and holds the thread while the outboxes are at their cap. */
    public void onRecord() {
        writeWhileIdle();
        long deadline = ticker.nanoTime() + BLOCK_LIMIT.toNanos();
        // While PostgreSQL is the slower side, reading further ahead than one batch (the one in flight
        // and what waits behind it) would only cost heap, and changelog writes at the next commit for
        // every entry still waiting then: wait for the batch in flight instead.
        while (inFlight != null && pending() >= settings.batchMaxEvents() && ticker.nanoTime() < deadline
                && !Thread.currentThread().isInterrupted()) {
            if (collect(deadline - ticker.nanoTime())) {
                writeWhileIdle();
            }
        }
        while (pending() >= settings.outboxMaxEvents() && ticker.nanoTime() < deadline
                && !Thread.currentThread().isInterrupted()) {
            if (inFlight != null) {
                collect(deadline - ticker.nanoTime());
                continue;
            }
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

    /**
     * Adaptive batching: whenever no batch is in flight, everything that waits (up to the largest
     * batch) is written at once, so on a quiet topic an event goes alone and is readable within one
     * transaction; while a batch is in flight, events gather for the next one, so under a backlog
     * batches grow to the largest batch by themselves, and each conversation row and each statement
     * serves many events. Between those two, under a steady flow that a writer could keep up with in
     * batches of a few events, a batch that is not full begins no sooner than the batch interval after
     * the one before it began: a transaction costs PostgreSQL about as much as a few dozen events, so
     * batches of a few events would keep the writers (and the machine) busy whatever the rate.
     */
    private void writeWhileIdle() {
        while (pending() > 0 && attempt()) {
            // each attempt that returns true wrote one batch; false: one is in flight, or the sink is backing off
        }
    }

    private int pending() {
        int n = 0;
        for (Outbox o : outboxes.values()) {
            n += o.pendingCount();
        }
        return n;
    }

    /**
     * Starts writing the oldest batch, or collects the one being written; true when a batch was
     * written by this call. One batch at most is in flight, so batches stay in offset order and
     * each covers a gap-free range; its entries count as pending until it is collected.
     */
    private boolean attempt() {
        if (inFlight != null) {
            return collect(0);
        }
        long now = ticker.nanoTime();
        if (backoff.remaining(now).toNanos() > 0) {
            return false;
        }
        if (now - lastStartNanos < settings.batchMinInterval().toNanos()
                && pending() < settings.batchMaxEvents()) {
            return false; // the schedule, or the next record, starts it once the interval has passed
        }
        Map<Integer, List<Outbox.Entry>> batch = new TreeMap<>();
        int size = 0;
        for (Outbox o : outboxes.values()) {
            List<Outbox.Entry> entries = o.pending(settings.batchMaxEvents() - size);
            if (!entries.isEmpty()) {
                batch.put(o.partition(), entries);
                size += entries.size();
            }
        }
        if (batch.isEmpty()) {
            return false;
        }
        inFlightBatch = batch;
        inFlightSize = size;
        lastStartNanos = now;
        inFlight = CompletableFuture.supplyAsync(() -> {
            long start = ticker.nanoTime();
            SinkResult result = sink.apply(settings.topic(), Outbox.events(batch, parser));
            return new Written(result, ticker.nanoTime() - start);
        }, writer);
        return collect(0);
    }

    /** Waits up to {@code waitNanos} for the batch in flight; true when it was written. */
    private boolean collect(long waitNanos) {
        Written written;
        try {
            written = waitNanos <= 0 ? (inFlight.isDone() ? inFlight.join() : null)
                    : inFlight.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | CompletionException e) {
            inFlight = null;
            failed(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
            return false;
        }
        if (written == null) {
            return false;
        }
        Map<Integer, List<Outbox.Entry>> batch = inFlightBatch;
        inFlight = null;
        inFlightBatch = null;
        metrics.batchWritten(inFlightSize, written.nanos(), written.result());
        batch.forEach((partition, events) -> {
            Outbox outbox = outboxes.get(partition);
            // the task may have closed meanwhile; its successor skips what PostgreSQL has stored
            if (outbox != null) {
                outbox.markApplied(events.getLast().offset());
            }
        });
        if (log.isDebugEnabled()) {
            log.debug("applied a batch of {}: {} ({} skipped, {} dead letters)", settings.topic(),
                    written.result().appliedByType(), written.result().skipped(), written.result().deadLetters().size());
        }
        backoff.succeeded();
        if (failing) {
            log.info("writing to PostgreSQL again");
            failing = false;
        }
        return true;
    }

    private void failed(RuntimeException e) {
        if (FailureClassifier.classify(e) != FailureClass.TRANSIENT) {
            throw e;
        }
        metrics.flushFailed();
        Duration wait = backoff.failed(ticker.nanoTime());
        if (!failing) {
            log.warn("could not write {} events of {} to PostgreSQL, retrying with backoff (next in {} ms): {}",
                    inFlightSize, settings.topic(), wait.toMillis(), FailureClassifier.rootMessage(e));
            failing = true;
        }
    }

    /** Waits (bounded) for the batch in flight, then stops the writer thread; the drain is not used again. */
    void close() {
        if (inFlight != null) {
            try {
                inFlight.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.debug("a batch in flight did not finish before the drain closed; its events stay in the outbox", e);
            }
            inFlight = null;
        }
        if (writer instanceof ExecutorService service) {
            service.shutdown();
        }
    }

    private record Written(SinkResult result, long nanos) {
    }
}
