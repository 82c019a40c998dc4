package dev.chatlog.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Reads a version 1 event straight from its bytes into its record, with one streaming pass and no
 * tree (only {@code arguments} and {@code output}, which the records hold as trees, become trees),
 * checking every rule of the JSON Schemas and the size limits on the way. It only ever vouches for
 * a valid event: whatever it does not accept (an invalid event, or anything it is unsure of) comes
 * back as null, and {@link EventParser} then judges the record with the JSON Schema validator, which
 * also names every violation. A differential test holds it to accepting exactly what that validator
 * accepts.
 */
final class StreamingEventReader {

    /** The mapper's tree reading, but for a value in the middle of a document. */
    private static final ObjectReader SUBTREE = EventJson.STREAMING.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final int ID_MAX_LENGTH = 128;
    private static final int TOOL_NAME_MAX_LENGTH = 64;
    private static final int TITLE_MAX_LENGTH = 200;
    private static final int CONTENT_MAX_LENGTH = 100_000;
    private static final int ERROR_MAX_LENGTH = 4000;
    private static final int UUID_LENGTH = 36;

    private StreamingEventReader() {
    }

    /** The event in {@code length} bytes at {@code offset}, or null when it is not one this reader vouches for. */
    static ChatEvent read(byte[] buffer, int offset, int length) {
        Scanned scanned = scan(buffer, offset, length, true);
        return scanned == null ? null : scanned.event();
    }

    /**
     * The {@code user_id} of the event in {@code length} bytes at {@code offset} when this reader
     * vouches for it, else null: every check of {@link #read}, but the texts of {@code title},
     * {@code content} and {@code error} are measured where they are decoded, never made into strings,
     * and no event is built.
     */
    static String vouchedUserId(byte[] buffer, int offset, int length) {
        Scanned scanned = scan(buffer, offset, length, false);
        return scanned == null ? null : scanned.userId();
    }

    private static Scanned scan(byte[] buffer, int offset, int length, boolean keepTexts) {
        try (JsonParser p = EventJson.STREAMING.createParser(buffer, offset, length)) {
            Scanned scanned = scan(p, length, keepTexts);
            return scanned != null && scanned.fits() ? scanned : null;
        } catch (IOException | RuntimeException e) {
            // malformed JSON, a duplicate key, a date that does not exist: the schema path says which
            return null;
        }
    }

    private static Scanned scan(JsonParser p, int length, boolean keepTexts) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String eventId = null;
        String type = null;
        String userId = null;
        String conversationId = null;
        String occurredAt = null;
        Data data = null;
        int seen = 0;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            int bit = envelopeBit(field);
            if (bit == 0 || (seen & bit) != 0) {
                return null; // an unknown field, or a duplicate key: the schema path says which
            }
            seen |= bit;
            JsonToken value = p.nextToken();
            switch (bit) {
                case EVENT_ID -> eventId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case TYPE -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case USER_ID -> userId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case CONVERSATION_ID -> {
                    conversationId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    if (!isId(conversationId)) {
                        return null;
                    }
                }
                case OCCURRED_AT -> occurredAt = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case VERSION -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                            || p.getIntValue() != 1) {
                        return null;
                    }
                }
                case DATA -> {
                    data = value == JsonToken.START_OBJECT ? Data.read(p, keepTexts) : null;
                    if (data == null) {
                        return null;
                    }
                }
            }
        }
        if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
            return null;
        }
        if (!isUuid(eventId) || !isId(userId) || !isTimestamp(occurredAt) || type == null) {
            return null;
        }
        Instant at;
        try {
            at = EventMapping.instant(occurredAt);
        } catch (DateTimeException e) {
            return null;
        }
        if (data != null && !data.withinSizeLimits(length)) {
            return null;
        }
        if (conversationId == null && !UserErased.TYPE.equals(type)) {
            return null;
        }
        return new Scanned(eventId, type, userId, conversationId, at, data);
    }

    /** An envelope read and checked, with its data: whether its type accepts the data, and its event. */
    private record Scanned(String eventId, String type, String userId, String conversationId, Instant at, Data data) {

        boolean fits() {
            return switch (type) {
                case ConversationCreated.TYPE -> data != null && data.only(Data.TITLE);
                case ConversationRenamed.TYPE -> data != null && data.only(Data.TITLE) && data.has(Data.TITLE);
                case ConversationDeleted.TYPE, UserErased.TYPE -> data == null || data.fields == 0;
                case MessageCreated.TYPE -> data != null && data.fields == (Data.MESSAGE_ID | Data.ROLE | Data.CONTENT);
                case ToolCallRequested.TYPE -> data != null
                        && data.only(Data.TOOL_CALL_ID | Data.NAME | Data.ARGUMENTS | Data.MESSAGE_ID)
                        && data.has(Data.TOOL_CALL_ID | Data.NAME | Data.ARGUMENTS) && data.arguments.isObject();
                case ToolCallCompleted.TYPE -> data != null && data.isCompletion();
                default -> false;
            };
        }

        /** The event, when {@link #fits} and the texts were kept. */
        ChatEvent event() {
            return switch (type) {
                case ConversationCreated.TYPE -> new ConversationCreated(eventId, userId, conversationId, at, data.title);
                case ConversationRenamed.TYPE -> new ConversationRenamed(eventId, userId, conversationId, at, data.title);
                case ConversationDeleted.TYPE -> new ConversationDeleted(eventId, userId, conversationId, at);
                case MessageCreated.TYPE -> new MessageCreated(eventId, userId, conversationId, at, data.messageId,
                        Role.fromJson(data.role), data.content);
                case ToolCallRequested.TYPE -> new ToolCallRequested(eventId, userId, conversationId, at, data.toolCallId,
                        data.name, data.arguments, data.messageId);
                case ToolCallCompleted.TYPE -> new ToolCallCompleted(eventId, userId, conversationId, at, data.toolCallId,
                        ToolCallStatus.fromJson(data.status), data.output, data.error);
                case UserErased.TYPE -> new UserErased(eventId, userId, at);
                default -> throw new IllegalStateException("no event of type " + type);
            };
        }
    }

    private static final int EVENT_ID = 1;
    private static final int TYPE = 1 << 1;
    private static final int USER_ID = 1 << 2;
    private static final int CONVERSATION_ID = 1 << 3;
    private static final int OCCURRED_AT = 1 << 4;
    private static final int VERSION = 1 << 5;
    private static final int DATA = 1 << 6;

    /** A bit of its own for each envelope field, to find one given twice; 0 for any other name. */
    private static int envelopeBit(String field) {
        return switch (field) {
            case "event_id" -> EVENT_ID;
            case "type" -> TYPE;
            case "user_id" -> USER_ID;
            case "conversation_id" -> CONVERSATION_ID;
            case "occurred_at" -> OCCURRED_AT;
            case "version" -> VERSION;
            case "data" -> DATA;
            default -> 0;
        };
    }

    /** The fields of {@code data}, each checked on its own as far as its type allows; which ones were present. */
    private static final class Data {
        static final int TITLE = 1;
        static final int MESSAGE_ID = 1 << 1;
        static final int ROLE = 1 << 2;
        static final int CONTENT = 1 << 3;
        static final int TOOL_CALL_ID = 1 << 4;
        static final int NAME = 1 << 5;
        static final int ARGUMENTS = 1 << 6;
        static final int STATUS = 1 << 7;
        static final int OUTPUT = 1 << 8;
        static final int ERROR = 1 << 9;

        int fields;
        String title;
        String messageId;
        String role;
        String content;
        String toolCallId;
        String name;
        JsonNode arguments;
        String status;
        JsonNode output;
        String error;

        /**
         * Reads the object the parser is at the start of; null at the first field it cannot vouch for.
         * Without {@code keepTexts}, {@code title}, {@code content} and {@code error} are checked but not kept.
         */
        static Data read(JsonParser p, boolean keepTexts) throws IOException {
            Data d = new Data();
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                boolean ok = switch (field) {
                    case "title" -> fits(p, value, TITLE_MAX_LENGTH) && (!keepTexts || (d.title = p.getText()) != null)
                            && d.add(TITLE);
                    case "message_id" -> isId(d.messageId = text(p, value)) && d.add(MESSAGE_ID);
                    case "role" -> isRole(d.role = text(p, value)) && d.add(ROLE);
                    case "content" -> fits(p, value, CONTENT_MAX_LENGTH) && (!keepTexts || (d.content = p.getText()) != null)
                            && d.add(CONTENT);
                    case "tool_call_id" -> isId(d.toolCallId = text(p, value)) && d.add(TOOL_CALL_ID);
                    case "name" -> isToolName(d.name = text(p, value)) && d.add(NAME);
                    case "arguments" -> value == JsonToken.START_OBJECT && (d.arguments = SUBTREE.readTree(p)) != null
                            && d.add(ARGUMENTS);
                    case "status" -> isStatus(d.status = text(p, value)) && d.add(STATUS);
                    case "output" -> (d.output = SUBTREE.readTree(p)) != null && d.add(OUTPUT);
                    case "error" -> fits(p, value, ERROR_MAX_LENGTH) && (!keepTexts || (d.error = p.getText()) != null)
                            && d.add(ERROR);
                    default -> false;
                };
                if (!ok) {
                    return null;
                }
            }
            return token == JsonToken.END_OBJECT ? d : null;
        }

        /** Notes {@code field} as read; false when it was read before (a duplicate key). */
        private boolean add(int field) {
            if ((fields & field) != 0) {
                return false;
            }
            fields |= field;
            return true;
        }

        boolean only(int allowed) {
            return (fields & ~allowed) == 0;
        }

        boolean has(int required) {
            return (fields & required) == required;
        }

        /** status ok: output, no error; status error: error, output optional. */
        boolean isCompletion() {
            if (!only(TOOL_CALL_ID | STATUS | OUTPUT | ERROR) || !has(TOOL_CALL_ID | STATUS)) {
                return false;
            }
            return "ok".equals(status) ? has(OUTPUT) && !has(ERROR) : has(ERROR);
        }

        /** The byte limits of arguments and output, measured only when the document is large enough to break them. */
        boolean withinSizeLimits(int documentBytes) {
            if (!SizeLimits.mayExceed(documentBytes)) {
                return true;
            }
            return (arguments == null || EventJson.serializedSize(arguments) <= SizeLimits.ARGUMENTS_MAX_BYTES)
                    && (output == null || EventJson.serializedSize(output) <= SizeLimits.OUTPUT_MAX_BYTES);
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    /**
     * Whether the parser is at a string of at most {@code max} characters (code points), measured in
     * the parser's buffer, so that a text is checked the same way whether it is kept or not; a string
     * of more than twice as many chars has more.
     */
    private static boolean fits(JsonParser p, JsonToken value, int max) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            return false;
        }
        char[] chars = p.getTextCharacters();
        int length = p.getTextLength();
        return length <= max || length <= max * 2 && Character.codePointCount(chars, p.getTextOffset(), length) <= max;
    }

    /** {@code $defs/id}: 1 to 128 characters of A-Z a-z 0-9 . _ : @ | = + -. */
    static boolean isId(String s) {
        if (s == null || s.isEmpty() || s.length() > ID_MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlphanumeric(c) || c == '.' || c == '_' || c == ':' || c == '@' || c == '|' || c == '='
                    || c == '+' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A tool's name: 1 to 64 characters of A-Z a-z 0-9 _ . -. */
    private static boolean isToolName(String s) {
        if (s == null || s.isEmpty() || s.length() > TOOL_NAME_MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlphanumeric(c) || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** 8-4-4-4-12 hexadecimal digits. */
    private static boolean isUuid(String s) {
        if (s == null || s.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : isHex(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code $defs/timestamp}: yyyy-mm-ddThh:mm:ss, an optional fraction of 1 to 9 digits, then Z or ±hh:mm. */
    private static boolean isTimestamp(String s) {
        if (s == null || s.length() < 20) {
            return false;
        }
        if (!digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-' || !digits(s, 8, 10)
                || (s.charAt(10) != 'T' && s.charAt(10) != 't') || !digits(s, 11, 13) || s.charAt(13) != ':'
                || !digits(s, 14, 16) || s.charAt(16) != ':' || !digits(s, 17, 19)) {
            return false;
        }
        int i = 19;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                return false;
            }
        }
        if (i == s.length()) {
            return false;
        }
        char zone = s.charAt(i);
        if (zone == 'Z' || zone == 'z') {
            return i + 1 == s.length();
        }
        return (zone == '+' || zone == '-') && i + 6 == s.length() && digits(s, i + 1, i + 3)
                && s.charAt(i + 3) == ':' && digits(s, i + 4, i + 6);
    }

    private static boolean isRole(String s) {
        return "user".equals(s) || "assistant".equals(s) || "system".equals(s);
    }

    private static boolean isStatus(String s) {
        return "ok".equals(s) || "error".equals(s);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAlphanumeric(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
