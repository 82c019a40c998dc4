package dev.chatlog.event;

import com.fasterxml.jackson.databind.JsonNode;

/** The byte-size limits JSON Schema cannot express, checked on the parsed tree after the schema. */
final class SizeLimits {

    static final int ARGUMENTS_MAX_BYTES = 64 * 1024;
    static final int OUTPUT_MAX_BYTES = 256 * 1024;

    private SizeLimits() {
    }

    static void check(String type, JsonNode root, Violations violations) {
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
