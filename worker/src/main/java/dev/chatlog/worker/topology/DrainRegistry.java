package dev.chatlog.worker.topology;

import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.sink.EventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** One {@link ThreadDrain} per stream thread, shared by the tasks that thread runs. */
final class DrainRegistry {

    private final Map<Thread, ThreadDrain> drains = new ConcurrentHashMap<>();
    private final EventSink sink;
    private final WorkerMetrics metrics;
    private final TopologySettings settings;
    private final Ticker ticker;
    private final boolean writeInBackground;

    /** With {@code writeInBackground} each drain writes on a thread of its own, otherwise on the stream thread. */
    DrainRegistry(EventSink sink, WorkerMetrics metrics, TopologySettings settings, Ticker ticker,
                  boolean writeInBackground) {
        this.sink = sink;
        this.metrics = metrics;
        this.settings = settings;
        this.ticker = ticker;
        this.writeInBackground = writeInBackground;
    }

    /** Registers a task's outbox with its thread's drain and returns that drain. */
    ThreadDrain register(Outbox outbox) {
        ThreadDrain drain = drains.computeIfAbsent(Thread.currentThread(),
                t -> new ThreadDrain(sink, metrics, settings, ticker, writer(t)));
        drain.register(outbox);
        return drain;
    }

    void deregister(Outbox outbox) {
        ThreadDrain drain = drains.get(Thread.currentThread());
        if (drain != null && drain.deregister(outbox)) {
            drains.remove(Thread.currentThread());
            drain.close();
        }
    }

    private Executor writer(Thread streamThread) {
        if (!writeInBackground) {
            return Runnable::run;
        }
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, streamThread.getName() + "-postgres-writer");
            t.setDaemon(true);
            return t;
        });
    }
}
