package dev.chatlog.event;

import com.fasterxml.jackson.databind.JsonNode;

/** The byte-size limits JSON Schema cannot express, checked on the parsed tree after the schema. */
final class SizeLimits {

    static final int ARGUMENTS_MAX_BYTES = 64 * 1024;
    static final int OUTPUT_MAX_BYTES = 256 * 1024;

    private SizeLimits() {
    }

    /**
     * Compact JSON of a part of a document is at most {@value #EXPANSION} times that document's length
     * (whitespace goes, strings never grow, a number such as 1e6 may come back as 1E+6), so a
     * document of {@code documentBytes} that small needs no measuring.
     */
    private static final int EXPANSION = 3;

    /** Whether a part of a document of {@code documentBytes} can be over a limit at all. */
    static boolean mayExceed(int documentBytes) {
        return (long) documentBytes * EXPANSION > ARGUMENTS_MAX_BYTES;
    }

    static void check(String type, JsonNode root, int documentBytes, Violations violations) {
        if (!mayExceed(documentBytes)) {
            return;
        }
        switch (type) {
            case ToolCallRequested.TYPE -> check(root.path("data").get("arguments"), "arguments", ARGUMENTS_MAX_BYTES, violations);
            case ToolCallCompleted.TYPE -> check(root.path("data").get("output"), "output", OUTPUT_MAX_BYTES, violations);
            default -> { }
        }
    }

    private static void check(JsonNode value, String field, int maxBytes, Violations violations) {
        if (value == null) {
            return;
        }
        long size = EventJson.serializedSize(value);
        if (size > maxBytes) {
            violations.overLimit(new Violation("/data/" + field, field + " must be at most " + maxBytes + " bytes ("
                    + maxBytes / 1024 + " KiB) as compact JSON, but is " + size + " bytes"));
        }
    }
}
