package dev.chatlog.worker.sink;

/**
 * Finds text PostgreSQL cannot store although the JSON is valid: the character U+0000, which
 * neither {@code text} nor {@code jsonb} accepts. Such an event is dead-lettered, not retried.
 * Each event's {@link EventEffect} names the fields it checks.
 */
final class StorableText {

    private StorableText() {
    }

    /** A sentence naming {@code field} if {@code text} cannot be stored, else null. */
    static String check(String text, String field) {
        return text != null && text.indexOf('\u0000') >= 0 ? message(field) : null;
    }

    /** The same for JSON text, which holds U+0000 only as its six-character escape, never as the character itself. */
    static String checkJson(String json, String field) {
        return json != null && json.contains("\\u0000") ? message(field) : null;
    }

    static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String message(String field) {
        return "PostgreSQL cannot store the character U+0000, which /data/" + field + " contains";
    }
}
