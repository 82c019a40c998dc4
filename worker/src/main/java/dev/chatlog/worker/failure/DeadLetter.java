package dev.chatlog.worker.failure;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * A record the worker cannot apply, with why and where it came from. Its key and value are the
 * original bytes, untouched; {@link #addHeadersTo(Headers)} writes the reason as {@code chatlog.*} headers.
 */
public record DeadLetter(
        byte[] key, byte[] value, String reason, FailureClass errorClass, String message,
        String sourceTopic, int sourcePartition, long sourceOffset, String eventId) {

    public static final String REASON = "chatlog.dlq.reason";
    public static final String ERROR_CLASS = "chatlog.dlq.error-class";
    public static final String MESSAGE = "chatlog.dlq.message";
    public static final String SOURCE_TOPIC = "chatlog.source.topic";
    public static final String SOURCE_PARTITION = "chatlog.source.partition";
    public static final String SOURCE_OFFSET = "chatlog.source.offset";
    public static final String EVENT_ID = "chatlog.event-id";

    /** The reason of a {@code tool_call.completed} whose tool call was never requested. */
    public static final String UNKNOWN_TOOL_CALL = "unknown-tool-call";

    /** The reason of an event PostgreSQL refused to store (for example text holding U+0000). */
    public static final String REJECTED_BY_DATABASE = "rejected-by-database";

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
    }

    /** Adds this dead letter's headers, replacing any {@code chatlog.dlq.*} or source headers already present. */
    public Headers addHeadersTo(Headers headers) {
        put(headers, REASON, reason);
        put(headers, ERROR_CLASS, errorClass.code());
        put(headers, MESSAGE, message);
        put(headers, SOURCE_TOPIC, sourceTopic);
        put(headers, SOURCE_PARTITION, Integer.toString(sourcePartition));
        put(headers, SOURCE_OFFSET, Long.toString(sourceOffset));
        if (eventId != null) {
            put(headers, EVENT_ID, eventId);
        } else {
            headers.remove(EVENT_ID);
        }
        return headers;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "DeadLetter[" + reason + " at " + sourceTopic + "-" + sourcePartition + "@" + sourceOffset
                + (eventId == null ? "" : ", event " + eventId) + ": " + message + "]";
    }
}
