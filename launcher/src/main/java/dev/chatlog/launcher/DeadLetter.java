package dev.chatlog.launcher;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** One record of the dead-letter topic: where it sits, why it is there, and its original bytes. */
record DeadLetter(int partition, long offset, Instant timestamp, byte[] key, byte[] value,
        Map<String, String> headers) {

    static final String REASON = "chatlog.dlq.reason";
    static final String MESSAGE = "chatlog.dlq.message";
    static final String SOURCE_TOPIC = "chatlog.source.topic";
    static final String SOURCE_PARTITION = "chatlog.source.partition";
    static final String SOURCE_OFFSET = "chatlog.source.offset";
    static final String EVENT_ID = "chatlog.event-id";

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
