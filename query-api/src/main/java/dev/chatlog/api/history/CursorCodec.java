package dev.chatlog.api.history;

import dev.chatlog.event.IdentifierRule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Opaque keyset cursors, base64url text: {@code c1:<last activity in epoch microseconds>:<conversation id>}
 * for conversations, {@code i1:<seq>} for items, {@code t1:<requested at>:<seq>:<conversation id>} for
 * tool calls across conversations and {@code s1:<created at>:<seq>:<conversation id>} for search hits. They hold only keyset values, no user: a cursor
 * made from another user's data only positions a scan that row-level security confines anyway.
 */
final class CursorCodec {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String CONVERSATION = "c1:";
    private static final String ITEM = "i1:";
    static final String TOOL_CALL = "t1:";
    static final String SEARCH_HIT = "s1:";
    private static final java.util.List<String> PREFIXES = java.util.List.of(CONVERSATION, ITEM, TOOL_CALL, SEARCH_HIT);
    private static final int MAX_LENGTH = 512;
    /**
     * Activity times a cursor may hold: years 1 to 9999. PostgreSQL's timestamptz ends at 294276 AD,
     * and a bigint cast of an infinite one fails, so values outside are refused before any query.
     */
    static final long MIN_MICROS = micros(Instant.parse("0001-01-01T00:00:00Z"));
    static final long MAX_MICROS = micros(Instant.parse("9999-12-31T23:59:59.999999Z"));

    private CursorCodec() {
    }

    /** A position in a user's conversation list. */
    record ConversationKey(Instant lastActivityAt, String conversationId) {
    }

    /** A position in a list of items across a user's conversations: a time, then the item's own key. */
    record TimedItemKey(Instant at, String conversationId, long seq) {
    }

    static String timedItem(String prefix, Instant at, String conversationId, long seq) {
        return encode(prefix + micros(at) + ":" + seq + ":" + conversationId);
    }

    /** @throws IllegalArgumentException with a plain reason when {@code cursor} is not a cursor of that list */
    static TimedItemKey decodeTimedItem(String cursor, String prefix) {
        String text = decode(cursor, prefix);
        int first = text.indexOf(':');
        int second = first < 0 ? -1 : text.indexOf(':', first + 1);
        if (first <= 0 || second <= first + 1 || second == text.length() - 1) {
            throw notACursor();
        }
        try {
            long seq = Long.parseLong(text, first + 1, second, 10);
            if (seq < 0) {
                throw notACursor();
            }
            long micros = Long.parseLong(text, 0, first, 10);
            String conversationId = text.substring(second + 1);
            if (micros < MIN_MICROS || micros > MAX_MICROS || !IdentifierRule.v1().accepts(conversationId)
                    || text.charAt(first + 1) == '+') {
                throw notACursor();
            }
            return new TimedItemKey(instant(micros), conversationId, seq);
        } catch (NumberFormatException e) {
            throw notACursor();
        }
    }

    static String conversation(Instant lastActivityAt, String conversationId) {
        return encode(CONVERSATION + micros(lastActivityAt) + ":" + conversationId);
    }

    static String item(long seq) {
        return encode(ITEM + seq);
    }

    /** @throws IllegalArgumentException with a plain reason when {@code cursor} is not a conversation cursor */
    static ConversationKey decodeConversation(String cursor) {
        String text = decode(cursor, CONVERSATION);
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw notACursor();
        }
        long micros;
        try {
            micros = Long.parseLong(text, 0, colon, 10);
        } catch (NumberFormatException e) {
            throw notACursor();
        }
        String conversationId = text.substring(colon + 1);
        if (micros < MIN_MICROS || micros > MAX_MICROS || !IdentifierRule.v1().accepts(conversationId)) {
            throw notACursor();
        }
        return new ConversationKey(instant(micros), conversationId);
    }

    /** @throws IllegalArgumentException with a plain reason when {@code cursor} is not an item cursor */
    static long decodeItem(String cursor) {
        String text = decode(cursor, ITEM);
        try {
            long seq = Long.parseLong(text);
            if (seq < 0 || text.charAt(0) == '+') {
                throw notACursor();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw notACursor();
        }
    }

    private static String decode(String cursor, String prefix) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw notACursor();
        }
        String text;
        try {
            text = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notACursor();
        }
        if (!text.startsWith(prefix)) {
            throw PREFIXES.stream().anyMatch(text::startsWith)
                    ? new IllegalArgumentException("is a cursor of another list")
                    : notACursor();
        }
        return text.substring(prefix.length());
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000L);
    }

    private static String encode(String text) {
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static IllegalArgumentException notACursor() {
        return new IllegalArgumentException("is not a cursor this API issued");
    }
}
