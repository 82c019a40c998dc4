package dev.chatlog.worker.outbox;

import dev.chatlog.event.EventParser;
import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.sink.EventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * One {@link Drain} per stream thread and writer. A task's outbox goes, for its whole life, to the
 * writer of its stream thread that has the fewest outboxes when it registers (the lowest number on a
 * tie; the writer of an outbox of the same partition still registered on the thread, if any), so a
 * partition always goes through one writer (its batches stay in order) while the writers'
 * transactions overlap. The partition's number does not choose the writer: Kafka Streams spreads a
 * topic's partitions over the threads of an instance in turn, so with two threads each thread would
 * hold only even or only odd partitions, and with two writers per thread one of them would idle.
 */
public final class DrainRegistry {

    private record Lane(Thread streamThread, int writer) {
    }

    private final Map<Lane, Drain> drains = new ConcurrentHashMap<>();
    /** The lane of each registered outbox (by identity: {@link Outbox} keeps equals of Object). */
    private final Map<Outbox, Lane> lanes = new ConcurrentHashMap<>();
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
        Lane lane = laneFor(outbox);
        lanes.put(outbox, lane);
        Drain drain = drains.computeIfAbsent(lane,
                l -> new Drain(sink, parser, metrics, settings.perWriter(), ticker, writer(l)));
        drain.register(outbox);
        return drain;
    }

    public void deregister(Outbox outbox) {
        Lane lane = lanes.remove(outbox);
        Drain drain = lane == null ? null : drains.get(lane);
        if (drain != null && drain.deregister(outbox)) {
            drains.remove(lane);
            drain.close();
        }
    }

    /** The writer of the current stream thread that this outbox goes through: see the class comment. */
    private Lane laneFor(Outbox outbox) {
        Thread thread = Thread.currentThread();
        int[] registered = new int[settings.writers()];
        for (Map.Entry<Outbox, Lane> e : lanes.entrySet()) {
            Lane lane = e.getValue();
            if (lane.streamThread() == thread) {
                if (e.getKey().partition() == outbox.partition()) {
                    return lane;
                }
                registered[lane.writer()]++;
            }
        }
        int fewest = 0;
        for (int writer = 1; writer < registered.length; writer++) {
            if (registered[writer] < registered[fewest]) {
                fewest = writer;
            }
        }
        return new Lane(thread, fewest);
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
