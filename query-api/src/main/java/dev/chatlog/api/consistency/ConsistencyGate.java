package dev.chatlog.api.consistency;

import dev.chatlog.api.http.ApiException;
import dev.chatlog.api.http.ParameterCheck;
import dev.chatlog.api.http.Request;
import dev.chatlog.publish.ConsistencyToken;
import java.time.Duration;
import java.util.List;

/**
 * Read-your-writes: a request with {@code consistent_with=<token>} is answered only once the worker
 * has applied the offset the token names, or refused with a 503 and {@code Retry-After} after
 * {@code wait_ms} (default 2000, at most 10000): never with data older than the write.
 */
public final class ConsistencyGate {

    /** The query parameters every history endpoint accepts for read-your-writes. */
    public static final List<String> PARAMETERS = List.of("consistent_with", "wait_ms");
    static final int DEFAULT_WAIT_MS = 2000;
    static final int MAX_WAIT_MS = 10_000;

    private final AppliedOffsetWatcher watcher;

    public ConsistencyGate(AppliedOffsetWatcher watcher) {
        this.watcher = watcher;
    }

    /** What to wait for. */
    public record Wait(ConsistencyToken token, Duration max) {
    }

    /** The wait the request asks for, or null when it has no {@code consistent_with}. */
    public Wait parse(Request request, ParameterCheck check) {
        int waitMs = check.get(() -> request.intParameter("wait_ms", DEFAULT_WAIT_MS, 0, MAX_WAIT_MS), DEFAULT_WAIT_MS);
        String text = request.parameter("consistent_with");
        if (text == null) {
            return null;
        }
        try {
            return new Wait(ConsistencyToken.decode(text), Duration.ofMillis(waitMs));
        } catch (IllegalArgumentException e) {
            check.refuse("consistent_with", "is not a consistency token issued by the publisher");
            return null;
        }
    }

    /** Returns once the write is applied; throws a 503 when it is not within the wait. */
    public void await(Wait wait) {
        if (wait == null) {
            return;
        }
        ConsistencyToken token = wait.token();
        boolean applied;
        try {
            applied = watcher.awaitApplied(token.partition(), token.offset(), wait.max());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            applied = false;
        }
        if (!applied) {
            throw ApiException.unavailable("not-yet-consistent", "Not yet consistent",
                    "The write at partition " + token.partition() + ", offset " + token.offset()
                            + " is not applied yet after " + wait.max().toMillis() + " ms; retry later", 1);
        }
    }
}
