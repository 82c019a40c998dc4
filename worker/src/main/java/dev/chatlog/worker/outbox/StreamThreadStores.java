package dev.chatlog.worker.outbox;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outbox stores of each stream thread, so that a commit hands all of them on to their
 * changelogs at its first flush.
 * <p>
 * Kafka Streams prepares a commit task by task: each task's {@code flushCache()}, then a flush of
 * the producer, which waits for the acknowledgement of what that task just logged. With the outbox
 * stores of twelve partitions on one thread, a commit thus waited for twelve acknowledgements one
 * after the other (about 35 ms each on a busy 2-core machine, 400 ms in all), and the stream
 * thread consumed nothing meanwhile. Under exactly-once v2 the tasks of a thread share one producer
 * and one transaction, so logging every store of the thread at the first task's flush puts all the
 * changelog records into the same transaction as before, and the first producer flush waits for
 * all of them at once; the later tasks find nothing left to log, and their flushes return at once.
 * <p>
 * A store is registered under the thread that initialises it (Kafka Streams initialises a task's
 * stores on its stream thread) and is only ever handed on from that thread. A flush on any other
 * thread hands on the one store it was called on, as before.
 */
final class StreamThreadStores {

    private final Map<Thread, Set<OutboxStore>> byThread = new ConcurrentHashMap<>();

    void register(OutboxStore store) {
        byThread.computeIfAbsent(Thread.currentThread(), t -> ConcurrentHashMap.newKeySet()).add(store);
    }

    void deregister(OutboxStore store) {
        for (Thread thread : byThread.keySet()) {
            byThread.computeIfPresent(thread, (t, stores) -> {
                stores.remove(store);
                return stores.isEmpty() ? null : stores;
            });
        }
    }

    /** Hands on every store of the current thread when {@code caller} is one of them, else {@code caller} alone. */
    void handOnAll(OutboxStore caller) {
        Set<OutboxStore> stores = byThread.get(Thread.currentThread());
        if (stores == null || !stores.contains(caller)) {
            caller.handOn();
            return;
        }
        for (OutboxStore store : stores) {
            store.handOn();
        }
    }

    /** How many stores are registered under {@code thread}. */
    int size(Thread thread) {
        Set<OutboxStore> stores = byThread.get(thread);
        return stores == null ? 0 : stores.size();
    }
}
