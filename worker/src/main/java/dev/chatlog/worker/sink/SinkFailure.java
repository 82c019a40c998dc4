package dev.chatlog.worker.sink;

/** Applying a batch failed and nothing of it was kept; the cause tells whether a retry may succeed. */
public final class SinkFailure extends RuntimeException {

    SinkFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
