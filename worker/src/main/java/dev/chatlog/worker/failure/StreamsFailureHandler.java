package dev.chatlog.worker.failure;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a stream thread's uncaught failure does: a transient one replaces the thread (its
 * tasks resume from the changelog and the stored offsets); anything else stops this instance and
 * is kept as {@link #fatal()} so the process exits non-zero with a clear message.
 */
public final class StreamsFailureHandler implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamsFailureHandler.class);

    private final AtomicReference<Throwable> fatal = new AtomicReference<>();

    @Override
    public StreamThreadExceptionResponse handle(Throwable failure) {
        FailureClass kind = FailureClassifier.classify(failure);
        if (kind == FailureClass.TRANSIENT) {
            log.warn("a stream thread failed transiently and is replaced: {}", failure.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        if (fatal.compareAndSet(null, failure)) {
            log.error("the worker stops: {} failure that retrying cannot fix", kind.code(), failure);
        }
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** The failure that stopped the worker, or null. */
    public Throwable fatal() {
        return fatal.get();
    }
}
