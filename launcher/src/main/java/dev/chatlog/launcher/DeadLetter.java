package dev.chatlog.launcher;

import static dev.chatlog.worker.failure.DeadLetter.EVENT_ID;
import static dev.chatlog.worker.failure.DeadLetter.MESSAGE;
import static dev.chatlog.worker.failure.DeadLetter.REASON;
import static dev.chatlog.worker.failure.DeadLetter.SOURCE_OFFSET;
import static dev.chatlog.worker.failure.DeadLetter.SOURCE_PARTITION;
import static dev.chatlog.worker.failure.DeadLetter.SOURCE_TOPIC;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One record of the dead-letter topic: where it sits, why it is there (the worker's
 * {@link dev.chatlog.worker.failure.DeadLetter} headers), and its original bytes.
 */
record DeadLetter(int partition, long offset, Instant timestamp, byte[] key, byte[] value,
        Map<String, String> headers) {

    String reason() {
        return headers.getOrDefault(REASON, "unknown");
    }

    String source() {
        return headers.getOrDefault(SOURCE_TOPIC, "?") + "/" + headers.getOrDefault(SOURCE_PARTITION, "?")
                + "@" + headers.getOrDefault(SOURCE_OFFSET, "?");
    }

    String eventId() {
        return headers.getOrDefault(EVENT_ID, "-");
    }

    String message() {
        return headers.getOrDefault(MESSAGE, "");
    }

    String keyText() {
        return key == null ? "" : new String(key, StandardCharsets.UTF_8);
    }
}
