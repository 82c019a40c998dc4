package dev.chatlog.event;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Turns one Kafka record (key and value bytes) into a {@link ChatEvent}, or says exactly why not.
 * A valid value is read in one streaming pass straight into its record by {@link StreamingEventReader},
 * which checks every rule of the schemas on the way. Whatever that reader does not vouch for is
 * judged by the JSON Schema validator: the value is parsed into a tree, validated against the
 * schema of its type, checked against the size limits the schema cannot express, and either mapped
 * to its record or rejected with every violation named. Both paths accept exactly the same values
 * (a differential test holds them to it). Build one and share it: construction loads the schemas,
 * {@link #parse} is thread-safe and loads nothing.
 */
public final class EventParser {

    private static final int READABLE_ID_MAX_LENGTH = 128;
    private static final int ECHO_MAX_LENGTH = 160;

    private final EventSchemas schemas;

    /** Loads the version 1 schemas from the class path. */
    public EventParser() {
        this(EventSchemas::fromClasspath);
    }

    EventParser(Function<String, String> schemaSource) {
        this.schemas = new EventSchemas(schemaSource);
    }

    /** Parses a record; its key must be the event's {@code user_id} as UTF-8. */
    public ParseResult parse(byte[] key, byte[] value) {
        return parse(value, true, key);
    }

    /** Parses a value on its own, for producers that derive the record key from {@code user_id}. */
    public ParseResult parseValue(byte[] value) {
        return parse(value, false, null);
    }

    /**
     * Judges a record as {@link #parse} does, without building its event: null when {@link #parse}
     * would accept it, else the same rejection. For a reader that keeps accepted records as bytes
     * and maps them later ({@link #parseAccepted}); a valid record's texts are measured, never copied.
     */
    public ParseResult.Rejected rejection(byte[] key, byte[] value) {
        String userId = value == null ? null : StreamingEventReader.vouchedUserId(value, 0, value.length);
        if (userId != null && key != null && isUtf8Of(key, userId)) {
            return null;
        }
        return parseWithSchema(value, true, key) instanceof ParseResult.Rejected rejected ? rejected : null;
    }

    /** Whether {@code bytes} are {@code text} in UTF-8, without encoding it when it is ASCII (every id is). */
    private static boolean isUtf8Of(byte[] bytes, String text) {
        if (bytes.length != text.length()) {
            return Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < bytes.length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8));
            }
            if (bytes[i] != (byte) c) {
                return false;
            }
        }
        return true;
    }

    /**
     * Maps a value that {@link #parse} accepted before to its event again, without validating it a
     * second time: a reader that keeps accepted records as bytes parses them here when it needs
     * them. {@code length} bytes at {@code offset} of {@code buffer} hold the value.
     *
     * @throws IllegalArgumentException if the bytes are not an event {@link #parse} accepts
     */
    public ChatEvent parseAccepted(byte[] buffer, int offset, int length) {
        ChatEvent event = StreamingEventReader.read(buffer, offset, length);
        if (event != null) {
            return event;
        }
        JsonNode root;
        try {
            root = EventJson.read(buffer, offset, length);
        } catch (IOException e) {
            throw new IllegalArgumentException("an accepted event no longer parses: " + describe(e), e);
        }
        JsonNode type = root == null ? null : root.get("type");
        if (type == null || schemas.forType(type.textValue()) == null) {
            throw new IllegalArgumentException("an accepted event has no known type");
        }
        return EventMapping.toEvent(type.textValue(), root);
    }

    private ParseResult parse(byte[] value, boolean checkKey, byte[] key) {
        ChatEvent event = value == null ? null : StreamingEventReader.read(value, 0, value.length);
        if (event != null && (!checkKey || key != null && isUtf8Of(key, event.userId()))) {
            return new ParseResult.Parsed(event);
        }
        return parseWithSchema(value, checkKey, key);
    }

    /**
     * Parses a record by the JSON Schema path alone, as {@link #parse} did before it had a streaming
     * path: the reference for what is valid, for differential tests and benchmarks. Same result as {@link #parse}.
     */
    public ParseResult parseWithSchema(byte[] key, byte[] value) {
        return parseWithSchema(value, true, key);
    }

    /** The JSON Schema path: the reference for what is valid, and the one that names every violation. */
    private ParseResult parseWithSchema(byte[] value, boolean checkKey, byte[] key) {
        JsonNode root;
        try {
            root = value == null ? null : EventJson.read(value);
        } catch (IOException e) {
            return invalidJson(describe(e));
        }
        if (root == null) {
            return invalidJson(value == null ? "the record has no value" : "the record value is empty");
        }
        String eventId = readableEventId(root);
        JsonNode version = root.get("version");
        if (version != null && !(version.isIntegralNumber() && version.asLong() == 1)) {
            return new ParseResult.Rejected(RejectReason.UNSUPPORTED_VERSION, List.of(new Violation("/version",
                    "version " + echo(version.toString()) + " is not supported; this reader supports version 1")), eventId);
        }
        JsonNode typeNode = root.get("type");
        String type = typeNode == null ? null : typeNode.textValue();
        Schema schema = schemas.forType(type);
        Violations violations = new Violations();
        Schema target = schema == null ? schemas.envelope() : schema;
        // The boolean output stops at the first error and collects no annotations, so a valid event,
        // the common case, is validated cheaply; only an invalid one is validated again for its errors.
        if (!Boolean.TRUE.equals(target.validate(root, OutputFormat.BOOLEAN))) {
            violations.addSchemaErrors(target.validate(root));
        }
        if (schema != null) {
            SizeLimits.check(type, root, value.length, violations);
        }
        if (checkKey) {
            checkKey(key, root, violations);
        }
        if (violations.isEmpty()) {
            try {
                return new ParseResult.Parsed(EventMapping.toEvent(type, root));
            } catch (DateTimeException e) {
                violations.schemaViolation(new Violation("/occurred_at",
                        "occurred_at is a date-time this reader cannot represent: " + e.getMessage()));
            }
        }
        RejectReason reason = typeNode != null && schema == null ? RejectReason.UNKNOWN_TYPE : violations.reason();
        return new ParseResult.Rejected(reason, violations.list(), eventId);
    }

    private static void checkKey(byte[] key, JsonNode root, Violations violations) {
        JsonNode userId = root.get("user_id");
        if (userId == null || !userId.isTextual()) {
            return; // the schema has already reported it
        }
        if (key == null) {
            violations.keyMismatch(new Violation("/user_id",
                    "the record has no key; it must be user_id '" + echo(userId.textValue()) + "'"));
        } else if (!Arrays.equals(key, userId.textValue().getBytes(StandardCharsets.UTF_8))) {
            violations.keyMismatch(new Violation("/user_id", "the record key '"
                    + echo(new String(key, StandardCharsets.UTF_8)) + "' differs from user_id '" + echo(userId.textValue()) + "'"));
        }
    }

    private static String readableEventId(JsonNode root) {
        JsonNode eventId = root.get("event_id");
        if (eventId == null || !eventId.isTextual() || eventId.textValue().length() > READABLE_ID_MAX_LENGTH) {
            return null;
        }
        return eventId.textValue();
    }

    private static ParseResult invalidJson(String message) {
        return new ParseResult.Rejected(RejectReason.INVALID_JSON, List.of(new Violation("", message)), null);
    }

    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException json) {
            JsonLocation at = json.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // The location is reported once, above; Jackson repeats it inside some messages.
            String message = json.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "");
            return "the value is not valid JSON" + where + ": " + message;
        }
        return "the value is not valid JSON: " + e.getMessage();
    }

    private static String echo(String text) {
        return text.length() <= ECHO_MAX_LENGTH ? text : text.substring(0, ECHO_MAX_LENGTH) + "...";
    }
}
