package dev.chatlog.worker;

import java.nio.charset.StandardCharsets;

/** One invalid record of each reject reason, for a given record key. */
public final class BadRecords {

    public static final int KINDS = 6;
    public static final String EVENT_ID = "cb1206dd-0245-4004-bf37-d17acaf4c4f2";
    private static final String MESSAGE = "{\"message_id\":\"m1\",\"role\":\"user\",\"content\":\"hi\"}";

    private BadRecords() {
    }

    /** Key and value of an invalid record of kind {@code kind} (0..5), keyed by {@code user}. */
    public static byte[][] of(int kind, String user) {
        String value = switch (kind) {
            case 0 -> "{not json";
            case 1 -> envelope(user, "message.created", "{\"role\":\"user\",\"content\":\"hi\"}");
            case 2 -> envelope(user, "message.edited", MESSAGE);
            case 3 -> envelope(user, "message.created", MESSAGE).replace("{\"event_id\"", "{\"version\":2,\"event_id\"");
            case 4 -> envelope(user + "-other", "message.created", MESSAGE);
            case 5 -> envelope(user, "message.created", MESSAGE.replace("\"hi\"", "\"" + "x".repeat(100_001) + "\""));
            default -> throw new IllegalArgumentException("no bad record of kind " + kind);
        };
        return new byte[][] {user.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)};
    }

    /** The dead-letter reason of kind {@code kind}. */
    public static String reason(int kind) {
        return switch (kind) {
            case 0 -> "invalid-json";
            case 1 -> "schema-violation";
            case 2 -> "unknown-type";
            case 3 -> "unsupported-version";
            case 4 -> "key-mismatch";
            case 5 -> "over-limit";
            default -> throw new IllegalArgumentException("no bad record of kind " + kind);
        };
    }

    private static String envelope(String user, String type, String data) {
        return "{\"event_id\":\"" + EVENT_ID + "\",\"type\":\"" + type + "\",\"user_id\":\"" + user
                + "\",\"conversation_id\":\"c1\",\"occurred_at\":\"2025-06-13T09:15:04.915Z\",\"data\":" + data + "}";
    }
}
