package dev.chatlog.worker.outbox;

import dev.chatlog.event.EventParser;
import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.sink.EventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * One {@link Drain} per stream thread and writer: writer n of a thread drains the outboxes of
 * that thread's partitions whose number modulo the writer count is n, so a partition always goes
 * through the same writer (its batches stay in order) while the writers' transactions overlap.
 */
public final class DrainRegistry {

    private record Lane(Thread streamThread, int writer) {
    }

    private final Map<Lane, Drain> drains = new ConcurrentHashMap<>();
    private final EventSink sink;
    private final EventParser parser;
    private final WorkerMetrics metrics;
    private final DrainSettings settings;
    private final Ticker ticker;
    private final boolean writeInBackground;

    /** With {@code writeInBackground} each drain writes on a thread of its own, otherwise on the stream thread. */
    public DrainRegistry(EventSink sink, EventParser parser, WorkerMetrics metrics, DrainSettings settings, Ticker ticker,
                  boolean writeInBackground) {
        this.sink = sink;
        this.parser = parser;
        this.metrics = metrics;
        this.settings = settings;
        this.ticker = ticker;
        this.writeInBackground = writeInBackground;
    }

    /** Registers a task's outbox with its drain and returns that drain. */
    public Drain register(Outbox outbox) {
        Drain drain = drains.computeIfAbsent(lane(outbox),
                lane -> new Drain(sink, parser, metrics, settings.perWriter(), ticker, writer(lane)));
        drain.register(outbox);
        return drain;
    }

    public void deregister(Outbox outbox) {
        Lane lane = lane(outbox);
        Drain drain = drains.get(lane);
        if (drain != null && drain.deregister(outbox)) {
            drains.remove(lane);
            drain.close();
        }
    }

    private Lane lane(Outbox outbox) {
        return new Lane(Thread.currentThread(), outbox.partition() % settings.writers());
    }

    private Executor writer(Lane lane) {
        if (!writeInBackground) {
            return Runnable::run;
        }
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, lane.streamThread().getName() + "-postgres-writer-" + lane.writer());
            t.setDaemon(true);
            return t;
        });
    }
}
