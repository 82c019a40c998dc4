package dev.chatlog.worker.topology;

import dev.chatlog.worker.metrics.WorkerMetrics;
import dev.chatlog.worker.sink.EventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link ThreadDrain} per stream thread, shared by the tasks that thread runs. */
final class DrainRegistry {

    private final Map<Thread, ThreadDrain> drains = new ConcurrentHashMap<>();
    private final EventSink sink;
    private final WorkerMetrics metrics;
    private final TopologySettings settings;
    private final Ticker ticker;

    DrainRegistry(EventSink sink, WorkerMetrics metrics, TopologySettings settings, Ticker ticker) {
        this.sink = sink;
        this.metrics = metrics;
        this.settings = settings;
        this.ticker = ticker;
    }

    /** Registers a task's outbox with its thread's drain and returns that drain. */
    ThreadDrain register(Outbox outbox) {
        ThreadDrain drain = drains.computeIfAbsent(Thread.currentThread(),
                t -> new ThreadDrain(sink, metrics, settings, ticker));
        drain.register(outbox);
        return drain;
    }

    void deregister(Outbox outbox) {
        ThreadDrain drain = drains.get(Thread.currentThread());
        if (drain != null && drain.deregister(outbox)) {
            drains.remove(Thread.currentThread());
        }
    }
}
